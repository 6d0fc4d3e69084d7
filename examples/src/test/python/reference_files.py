"""Shared by the dump_*_reference.py scripts: write a reference file atomically."""

import os
import tempfile


def write_atomically(out_path, lines):
    """Write lines (joined with newlines) to out_path via a temp file and os.replace, creating folders."""
    out_dir = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(out_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(out_path) + '.', suffix='.tmp', dir=out_dir)
    try:
        with os.fdopen(fd, 'w', encoding='utf-8', newline='\n') as f:
            f.write('\n'.join(lines) + '\n')
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use normal file permissions
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
