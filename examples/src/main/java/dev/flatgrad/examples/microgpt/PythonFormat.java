package dev.flatgrad.examples.microgpt;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's fixed-point formatting of floats, {@code f"{x:.4f}"}, for the numbers microgpt.py prints.
 * Python rounds the exact binary value half-to-even and prints every digit ({@code 1.8290074288743635e20}
 * becomes {@code 182900742887436353536.0000}); Java's {@code %.4f} rounds a shortest decimal
 * representation half-up and pads with zeros ({@code 182900742887436350000.0000}), which differs for
 * huge values and for values near a rounding tie. Non-finite values print as {@code nan}, {@code inf}
 * and {@code -inf}, and a negative value that rounds to zero keeps its sign ({@code -0.0000}).
 */
public final class PythonFormat {
    private PythonFormat() {
    }

    /** {@code f"{value:.{decimals}f}"}. */
    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String digits = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = (Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0;
        return negative && !digits.startsWith("-") ? "-" + digits : digits;
    }
}
