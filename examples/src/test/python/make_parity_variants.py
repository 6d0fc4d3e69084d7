#!/usr/bin/env python3
"""
Produce microgpt.py's own output for settings other than its defaults, for flatgrad's parity tests
(ParityVariantsTest): microgpt.py is copied with its constants edited (the way a user changes its
settings), run with python3 in a scratch folder holding the variant's data as input.txt, and its stdout
is saved with the carriage returns of its progress line turned into line breaks.

Writes, per variant, into examples/src/test/resources/microgpt/variants/:
  <name>.args   the equivalent `microgpt train --parity` options, one per line (data file excluded)
  <name>.out    microgpt.py's stdout
and the variants' own data files (unicode-names.txt). Standard library only.

Usage:
    python3 make_parity_variants.py MICROGPT_PY NAMES_TXT

    MICROGPT_PY  Karpathy's microgpt.py
    NAMES_TXT    makemore's names.txt (https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt)
"""

import os
import random
import sys

import microgpt_source
from reference_files import write_atomically

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'microgpt', 'variants')

# name -> (data: 'names' or a file in OUT_DIR, settings)
VARIANTS = {
    'deeper-narrower': ('names', dict(seed=7, n_layer=2, n_embd=8, n_head=2, block_size=8, num_steps=60,
                                      learning_rate=0.02, temperature=0.8, samples=7)),
    'unicode-names': ('unicode-names.txt', dict(seed=123, n_layer=1, n_embd=12, n_head=3, block_size=10,
                                                 num_steps=40, learning_rate=0.005, temperature=1.3, samples=5)),
}

OPTIONS = {'seed': '--seed', 'n_layer': '--n-layer', 'n_embd': '--n-embd', 'n_head': '--n-head',
           'block_size': '--block-size', 'learning_rate': '--lr', 'num_steps': '--steps',
           'temperature': '--temperature', 'samples': '--samples'}


def unicode_names():
    """Synthetic names with accents, a ligature-free mix of scripts and one astral character, deterministic."""
    rng = random.Random(2026)
    syllables = ['an', 'é', 'lo', 'ñu', 'sø', 'ri', 'ka', 'üm', 'ła', 'te', 'zo', 'ë', 'mi', 'ja', 'ß', 'vo']
    names = set()
    while len(names) < 150:
        names.add(''.join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    names |= {'李娜', '王芳', 'σοφία', 'ольга', 'zoë🙂', 'josé', 'renée', 'łukasz', 'søren', 'björk'}
    return sorted(names)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    microgpt, names_txt = sys.argv[1], sys.argv[2]
    write_atomically(os.path.join(OUT_DIR, 'unicode-names.txt'), unicode_names())
    for name, (data, settings) in VARIANTS.items():
        data_path = names_txt if data == 'names' else os.path.join(OUT_DIR, data)
        out = microgpt_source.run(microgpt, data_path, settings).decode('utf-8').replace('\r\n', '\n').replace('\r', '\n')
        write_atomically(os.path.join(OUT_DIR, name + '.out'), out.rstrip('\n').split('\n'))
        args = [f'{OPTIONS[k]}={v}' for k, v in settings.items()]
        write_atomically(os.path.join(OUT_DIR, name + '.args'), [f'data={data}'] + args)
        print(f'{name}: {len(out.splitlines())} lines')


if __name__ == '__main__':
    main()
