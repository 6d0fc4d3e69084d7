"""
Karpathy's microgpt.py, run with some of its constants edited, without copying any of its code here: the file
is read from a path the user gives (it is not part of this repository).
"""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

# each setting's line in microgpt.py, as a pattern whose one group is the value
CONSTANTS = {
    'seed': r'random\.seed\((42)\)',
    'n_layer': r'^n_layer = (1) ',
    'n_embd': r'^n_embd = (16) ',
    'block_size': r'^block_size = (16) ',
    'n_head': r'^n_head = (4) ',
    'learning_rate': r'^learning_rate, beta1, beta2, eps_adam = (0\.01),',
    'num_steps': r'^num_steps = (1000) ',
    'temperature': r'^temperature = (0\.5) ',
    'samples': r'for sample_idx in range\((20)\):',
}


def edited(microgpt_path, settings):
    """microgpt.py's text with the given settings' constants replaced; every edited pattern must match once."""
    with open(microgpt_path, encoding='utf-8') as f:
        source = f.read()
    for key, value in settings.items():
        matches = list(re.finditer(CONSTANTS[key], source, flags=re.MULTILINE))
        if len(matches) != 1:
            sys.exit(f'{microgpt_path} has {len(matches)} matches for {key} ({CONSTANTS[key]}); expected one')
        m = matches[0]
        source = source[:m.start(1)] + repr(value) + source[m.end(1):]
    return source


def run(microgpt_path, data_path, settings):
    """Runs the edited microgpt.py as a program on data_path (as its input.txt); returns its stdout bytes."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(data_path, os.path.join(scratch, 'input.txt'))
        with open(os.path.join(scratch, 'microgpt.py'), 'w', encoding='utf-8') as f:
            f.write(edited(microgpt_path, settings))
        return subprocess.run([sys.executable, 'microgpt.py'], cwd=scratch, capture_output=True, check=True,
                              env=dict(os.environ, PYTHONIOENCODING='utf-8')).stdout


def model(microgpt_path, data_path):
    """
    microgpt.py's globals after its setup, before any training: it is executed with num_steps 0 and no samples,
    so they hold the shuffled docs, uchars, BOS, the initial state_dict and params, and its Value, gpt, softmax.
    """
    source = edited(microgpt_path, dict(num_steps=0, samples=0))
    namespace = {'__name__': 'microgpt'}
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(data_path, os.path.join(scratch, 'input.txt'))
        os.chdir(scratch)
        try:
            with open(os.devnull, 'w') as quiet, contextlib.redirect_stdout(quiet):
                exec(compile(source, microgpt_path, 'exec'), namespace)
        finally:
            os.chdir(cwd)
    return namespace
