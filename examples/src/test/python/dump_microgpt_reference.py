#!/usr/bin/env python3
"""
Dump a reference of Karpathy's microgpt.py (shared/reference/microgpt.py)
initial weights and first training step, for flatgrad's Java tests.

This script reproduces microgpt.py exactly (same random.seed(42), same data
shuffle, same parameter initialisation order, same model and autograd) up to and
including the backward pass of the FIRST training step, and writes:

  * the model config and the tokenizer's characters,
  * the first document (after shuffle), its tokens, n and its loss,
  * every parameter's initial value ("param" blocks, in state_dict order),
  * every parameter's gradient after the first backward ("grad" blocks),
  * the losses of training steps 1..50 of the full training loop (Adam updates
    exactly as in microgpt.py, including its linear lr decay over
    num_steps = 1000), as "loss_step <k> <loss>" lines.

Nothing is imported from microgpt.py (it trains at import time); the needed
parts are copied verbatim. Numbers are written with Python repr(), which
round-trips exactly through Java's Double.parseDouble. Standard library only.

Usage:
    python3 dump_microgpt_reference.py [DATA_FILE] [OUTPUT_FILE]

    DATA_FILE   defaults to ../shared/data/names.txt beside the repository (microgpt.py's input.txt)
    OUTPUT_FILE defaults to examples/src/test/resources/microgpt/first_step_reference.txt

The output is written atomically (temporary file + os.replace); parent
directories are created as needed.
"""

import os
import sys
import math
import random

from reference_files import write_atomically

# this file lives in <repo>/examples/src/test/python; shared/ sits beside the repository
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
DEFAULT_DATA = os.path.join(os.path.dirname(REPO), 'shared', 'data', 'names.txt')
DEFAULT_OUTPUT = os.path.join(REPO, 'examples', 'src', 'test', 'resources', 'microgpt', 'first_step_reference.txt')
NUM_LOGGED_STEPS = 50  # how many training steps' losses to record


# ---- copied verbatim from microgpt.py ---------------------------------------

class Value:
    __slots__ = ('data', 'grad', '_children', '_local_grads') # Python optimization for memory usage

    def __init__(self, data, children=(), local_grads=()):
        self.data = data                # scalar value of this node calculated during forward pass
        self.grad = 0                   # derivative of the loss w.r.t. this node, calculated in backward pass
        self._children = children       # children of this node in the computation graph
        self._local_grads = local_grads # local derivative of this node w.r.t. its children

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, other): return Value(self.data**other, (self,), (other * self.data**(other-1),))
    def log(self): return Value(math.log(self.data), (self,), (1/self.data,))
    def exp(self): return Value(math.exp(self.data), (self,), (math.exp(self.data),))
    def relu(self): return Value(max(0, self.data), (self,), (float(self.data > 0),))
    def __neg__(self): return self * -1
    def __radd__(self, other): return self + other
    def __sub__(self, other): return self + (-other)
    def __rsub__(self, other): return other + (-self)
    def __rmul__(self, other): return self * other
    def __truediv__(self, other): return self * other**-1
    def __rtruediv__(self, other): return other * self**-1

    def backward(self):
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._children:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local_grad in zip(v._children, v._local_grads):
                child.grad += local_grad * v.grad


n_layer = 1     # depth of the transformer neural network (number of layers)
n_embd = 16     # width of the network (embedding dimension)
block_size = 16 # maximum context length of the attention window (note: the longest name is 15 characters)
n_head = 4      # number of attention heads
head_dim = n_embd // n_head # derived dimension of each head
matrix = lambda nout, nin, std=0.08: [[Value(random.gauss(0, std)) for _ in range(nin)] for _ in range(nout)]

state_dict = None  # set in main(), exactly as microgpt.py builds it


def linear(x, w):
    return [sum(wi * xi for wi, xi in zip(wo, x)) for wo in w]

def softmax(logits):
    max_val = max(val.data for val in logits)
    exps = [(val - max_val).exp() for val in logits]
    total = sum(exps)
    return [e / total for e in exps]

def rmsnorm(x):
    ms = sum(xi * xi for xi in x) / len(x)
    scale = (ms + 1e-5) ** -0.5
    return [xi * scale for xi in x]

def gpt(token_id, pos_id, keys, values):
    tok_emb = state_dict['wte'][token_id] # token embedding
    pos_emb = state_dict['wpe'][pos_id] # position embedding
    x = [t + p for t, p in zip(tok_emb, pos_emb)] # joint token and position embedding
    x = rmsnorm(x) # note: not redundant due to backward pass via the residual connection

    for li in range(n_layer):
        # 1) Multi-head Attention block
        x_residual = x
        x = rmsnorm(x)
        q = linear(x, state_dict[f'layer{li}.attn_wq'])
        k = linear(x, state_dict[f'layer{li}.attn_wk'])
        v = linear(x, state_dict[f'layer{li}.attn_wv'])
        keys[li].append(k)
        values[li].append(v)
        x_attn = []
        for h in range(n_head):
            hs = h * head_dim
            q_h = q[hs:hs+head_dim]
            k_h = [ki[hs:hs+head_dim] for ki in keys[li]]
            v_h = [vi[hs:hs+head_dim] for vi in values[li]]
            attn_logits = [sum(q_h[j] * k_h[t][j] for j in range(head_dim)) / head_dim**0.5 for t in range(len(k_h))]
            attn_weights = softmax(attn_logits)
            head_out = [sum(attn_weights[t] * v_h[t][j] for t in range(len(v_h))) for j in range(head_dim)]
            x_attn.extend(head_out)
        x = linear(x_attn, state_dict[f'layer{li}.attn_wo'])
        x = [a + b for a, b in zip(x, x_residual)]
        # 2) MLP block
        x_residual = x
        x = rmsnorm(x)
        x = linear(x, state_dict[f'layer{li}.mlp_fc1'])
        x = [xi.relu() for xi in x]
        x = linear(x, state_dict[f'layer{li}.mlp_fc2'])
        x = [a + b for a, b in zip(x, x_residual)]

    logits = linear(x, state_dict['lm_head'])
    return logits

# ---- end of verbatim copy ---------------------------------------------------


def fmt(x):
    """Exact, round-trippable text for a number (ints such as an untouched grad 0 become 0.0)."""
    return repr(float(x))


def matrix_lines(tag, name, mat, attr):
    lines = [f'{tag} {name} {len(mat)} {len(mat[0])}']
    for row in mat:
        lines.append(' '.join(fmt(getattr(p, attr)) for p in row))
    return lines


def main(argv):
    global state_dict
    data_path = argv[1] if len(argv) > 1 else DEFAULT_DATA
    out_path = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT

    # Same order of random-number use as microgpt.py: seed, shuffle, then the gauss inits.
    random.seed(42) # Let there be order among chaos
    docs = [line.strip() for line in open(data_path) if line.strip()]
    random.shuffle(docs)

    uchars = sorted(set(''.join(docs))) # unique characters in the dataset become token ids 0..n-1
    BOS = len(uchars) # token id for a special Beginning of Sequence (BOS) token
    vocab_size = len(uchars) + 1 # total number of unique tokens, +1 is for BOS

    state_dict = {'wte': matrix(vocab_size, n_embd), 'wpe': matrix(block_size, n_embd), 'lm_head': matrix(vocab_size, n_embd)}
    for i in range(n_layer):
        state_dict[f'layer{i}.attn_wq'] = matrix(n_embd, n_embd)
        state_dict[f'layer{i}.attn_wk'] = matrix(n_embd, n_embd)
        state_dict[f'layer{i}.attn_wv'] = matrix(n_embd, n_embd)
        state_dict[f'layer{i}.attn_wo'] = matrix(n_embd, n_embd)
        state_dict[f'layer{i}.mlp_fc1'] = matrix(4 * n_embd, n_embd)
        state_dict[f'layer{i}.mlp_fc2'] = matrix(n_embd, 4 * n_embd)
    params = [p for mat in state_dict.values() for row in mat for p in row] # flatten params into a single list[Value]

    out = [
        f'# generated by dump_microgpt_reference.py from {os.path.basename(data_path)}, seed 42: '
        "microgpt.py's initial weights and first training step",
        f'config vocab_size {vocab_size} n_embd {n_embd} n_layer {n_layer} n_head {n_head} block_size {block_size}',
        f"uchars {''.join(uchars)}",
    ]

    # Adam exactly as in microgpt.py; num_steps stays 1000 because it drives the lr decay,
    # but only the first NUM_LOGGED_STEPS steps are run.
    learning_rate, beta1, beta2, eps_adam = 0.01, 0.85, 0.99, 1e-8
    m = [0.0] * len(params) # first moment buffer
    v = [0.0] * len(params) # second moment buffer
    num_steps = 1000
    step_losses = []

    for step in range(NUM_LOGGED_STEPS):
        doc = docs[step % len(docs)]
        tokens = [BOS] + [uchars.index(ch) for ch in doc] + [BOS]
        n = min(block_size, len(tokens) - 1)

        keys, values = [[] for _ in range(n_layer)], [[] for _ in range(n_layer)]
        losses = []
        for pos_id in range(n):
            token_id, target_id = tokens[pos_id], tokens[pos_id + 1]
            logits = gpt(token_id, pos_id, keys, values)
            probs = softmax(logits)
            loss_t = -probs[target_id].log()
            losses.append(loss_t)
        loss = (1 / n) * sum(losses) # final average loss over the document sequence. May yours be low.

        loss.backward()
        step_losses.append(loss.data)

        if step == 0:
            # Weights are still the initial ones here (the Adam update comes below).
            out.append(f'doc {doc}')
            out.append('tokens ' + ' '.join(str(t) for t in tokens))
            out.append(f'n {n}')
            out.append(f'loss {fmt(loss.data)}')
            for name, mat in state_dict.items():
                out.extend(matrix_lines('param', name, mat, 'data'))
            for name, mat in state_dict.items():
                out.extend(matrix_lines('grad', name, mat, 'grad'))

        lr_t = learning_rate * (1 - step / num_steps) # linear learning rate decay
        for i, p in enumerate(params):
            m[i] = beta1 * m[i] + (1 - beta1) * p.grad
            v[i] = beta2 * v[i] + (1 - beta2) * p.grad ** 2
            m_hat = m[i] / (1 - beta1 ** (step + 1))
            v_hat = v[i] / (1 - beta2 ** (step + 1))
            p.data -= lr_t * m_hat / (v_hat ** 0.5 + eps_adam)
            p.grad = 0

    for k, l in enumerate(step_losses, start=1):
        out.append(f'loss_step {k} {fmt(l)}')

    write_atomically(out_path, out)

    print(f'wrote {out_path}')
    print(f'doc {docs[0]!r}, first-step loss {step_losses[0]:.4f}')
    for k, l in enumerate(step_losses, start=1):
        print(f'step {k} loss {l:.4f} ({l!r})')


if __name__ == '__main__':
    main(sys.argv)
