#!/usr/bin/env python3
"""Write small synthetic Keras Bidirectional(LSTM|GRU) models (tests/fixtures/keras/bidirectional/).

Like make-keras-wrapper-fixtures.py (whose helpers this imports): no TensorFlow, the files are written with
h5py in the layouts Keras 2 (`model_config` + `model_weights`, weight names scoped forward_<layer> /
backward_<layer>) and Keras 3 (`.keras` zip, `layers/<key>/forward_layer/cell/vars/<i>` and
`backward_layer/cell/vars/<i>`) write, with deterministic ramp weights.

Run: /usr/bin/python3 scripts/make-keras-bidirectional-fixtures.py   (needs h5py and numpy)
"""
import importlib.util
import io
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('kf', os.path.join(HERE, 'make-keras-fixtures.py'))
kf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kf)
ramp, layer, functional = kf.ramp, kf.layer, kf.functional

OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'keras', 'bidirectional')
T, F = 5, 3


def save_h5(name, cfg, groups):
    """groups: [(layer name, [(dataset path, array)])], Keras 2 layout with scoped dataset paths."""
    with h5py.File(os.path.join(OUT, name), 'w', track_order=True) as h:
        h.attrs['model_config'] = json.dumps(cfg)
        h.attrs['keras_version'] = '2.11.0'
        h.attrs['backend'] = 'tensorflow'
        mw = h.create_group('model_weights')
        mw.attrs['layer_names'] = np.array([n.encode() for n, _ in groups])
        mw.attrs['backend'] = b'tensorflow'
        mw.attrs['keras_version'] = b'2.11.0'
        for n, ws in groups:
            g = mw.create_group(n)
            for path, arr in ws:
                g.create_dataset(path, data=arr, track_times=False)
            g.attrs['weight_names'] = np.array([p.encode() for p, _ in ws], dtype='S') if ws else np.array([], dtype='S1')


def rnn(cls, name, units, **extra):
    cfg = {'name': name, 'units': units, 'activation': 'tanh', 'recurrent_activation': 'sigmoid',
           'use_bias': True, 'return_sequences': False, 'return_state': False, 'go_backwards': False}
    cfg.update(extra)
    return {'class_name': cls, 'config': cfg}


def cell_weights(cls, units, seed_scale, reset_after=True):
    g = (4 if cls == 'LSTM' else 3) * units
    k = ramp((F, g), 0.0625 * seed_scale)
    r = ramp((units, g), 0.09375 * seed_scale, 0.03125)
    b = ramp((2, g) if cls == 'GRU' and reset_after else (g,), 0.046875 * seed_scale)
    return [k, r, b]


def scoped(outer, direction, inner_name, cell, ws):
    return [(f'{outer}/{direction}_{inner_name}/{cell}/{w}:0', a)
            for w, a in zip(['kernel', 'recurrent_kernel', 'bias'], ws)]


# Keras 2: Bidirectional(LSTM(2, return_sequences=True)), no backward_layer in the config (tf.keras writes
# it only when one was given): the backward layer is a copy of the forward one.
def bi_lstm_seq():
    cfg = functional('bi_lstm_seq', [
        layer('InputLayer', 'seq', [], batch_input_shape=[None, T, F], dtype='float32'),
        layer('Bidirectional', 'bi', ['seq'], layer=rnn('LSTM', 'lstm', 2, return_sequences=True),
              merge_mode='concat'),
    ], ['seq'], ['bi'])
    fw, bw = cell_weights('LSTM', 2, 1.0), cell_weights('LSTM', 2, -0.75)
    save_h5('bi_lstm_seq.h5', cfg, [
        ('seq', []),
        ('bi', scoped('bi', 'forward', 'lstm', 'lstm_cell_1', fw) + scoped('bi', 'backward', 'lstm', 'lstm_cell_2', bw)),
    ])


# Keras 2: Bidirectional(GRU(3, reset_after=True), backward_layer=GRU(2, reset_after=False)), last output.
def bi_gru():
    fwd = rnn('GRU', 'gru_f', 3, reset_after=True)
    bwd = rnn('GRU', 'gru_b', 2, reset_after=False, go_backwards=True)
    cfg = functional('bi_gru', [
        layer('InputLayer', 'seq', [], batch_input_shape=[None, T, F], dtype='float32'),
        layer('Bidirectional', 'bi_gru', ['seq'], layer=fwd, backward_layer=bwd, merge_mode='concat'),
    ], ['seq'], ['bi_gru'])
    fw, bw = cell_weights('GRU', 3, 1.25), cell_weights('GRU', 2, -1.0, reset_after=False)
    # Unscoped names (as some exports write): forward first, then backward, in Keras's weight order.
    names = [('kernel', fw[0]), ('recurrent_kernel', fw[1]), ('bias', fw[2]),
             ('kernel', bw[0]), ('recurrent_kernel', bw[1]), ('bias', bw[2])]
    save_h5('bi_gru.h5', cfg, [
        ('seq', []),
        ('bi_gru', [(f'bi_gru/cell_{i // 3}/{n}:0', a) for i, (n, a) in enumerate(names)]),
    ])


# Keras 2: merge_mode 'sum' (loads; the emulator and backends refuse it, as hls4ml's validation does).
def bi_sum():
    cfg = functional('bi_sum', [
        layer('InputLayer', 'seq', [], batch_input_shape=[None, T, F], dtype='float32'),
        layer('Bidirectional', 'bi_sum', ['seq'], layer=rnn('LSTM', 'lstm', 2), merge_mode='sum'),
    ], ['seq'], ['bi_sum'])
    fw, bw = cell_weights('LSTM', 2, 1.0), cell_weights('LSTM', 2, 0.5)
    save_h5('bi_sum.h5', cfg, [
        ('seq', []),
        ('bi_sum', scoped('bi_sum', 'forward', 'lstm', 'lstm_cell', fw) + scoped('bi_sum', 'backward', 'lstm', 'lstm_cell_1', bw)),
    ])


def tensor(name):
    return {'class_name': '__keras_tensor__', 'config': {'shape': [None, T, F], 'dtype': 'float32',
                                                         'keras_history': [name, 0, 0]}}


def rnn3(cls, name, units, **extra):
    inner = rnn(cls, name, units, **extra)
    return {'module': 'keras.layers', 'class_name': cls, 'config': inner['config'], 'registered_name': None}


# Keras 3: Bidirectional(LSTM(2)) with return_sequences=False; config.json holds layer and backward_layer.
def bi_keras3():
    bi = {'module': 'keras.layers', 'class_name': 'Bidirectional', 'registered_name': None, 'name': 'bidir',
          'config': {'name': 'bidir', 'merge_mode': 'concat',
                     'layer': rnn3('LSTM', 'forward_lstm', 2),
                     'backward_layer': rnn3('LSTM', 'backward_lstm', 2, go_backwards=True)},
          'inbound_nodes': [{'args': [tensor('seq')], 'kwargs': {}}]}
    inp = {'module': 'keras.layers', 'class_name': 'InputLayer', 'registered_name': None, 'name': 'seq',
           'config': {'batch_shape': [None, T, F], 'dtype': 'float32', 'name': 'seq'}, 'inbound_nodes': []}
    cfg = {'module': 'keras', 'class_name': 'Functional', 'registered_name': 'Functional',
           'config': {'name': 'bi_keras3', 'layers': [inp, bi], 'input_layers': [['seq', 0, 0]],
                      'output_layers': [['bidir', 0, 0]]}}
    fw, bw = cell_weights('LSTM', 2, 0.875), cell_weights('LSTM', 2, -1.125)
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as h:
        lg = h.create_group('layers')
        for direction, ws in [('forward', fw), ('backward', bw)]:
            v = lg.require_group(f'bidirectional/{direction}_layer/cell/vars')
            for i, w in enumerate(ws):
                v.create_dataset(str(i), data=w, track_times=False)
        h.create_group('vars')
    kf.write_keras3_zip(os.path.join(OUT, 'bi_lstm.keras'), cfg, buf.getvalue())


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    bi_lstm_seq()
    bi_gru()
    bi_sum()
    bi_keras3()
    print('wrote', sorted(os.listdir(OUT)))
