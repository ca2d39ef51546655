#!/usr/bin/env python3
"""Write tiny Keras models for the Keras frontend tests (tests/fixtures/keras/).

No TensorFlow: the files are written with h5py and the standard library in the layouts Keras itself
writes, so the tests exercise exactly what users bring:
  * Keras 2 `model.to_json()` + `save_weights` .h5 (layer groups at the root, `layer_names` and
    `weight_names` attributes, datasets '<scope>/<name>:0'),
  * a Keras 2 single-file .h5 (`model_config` attribute + `model_weights` group),
  * a Keras 3 .keras zip (config.json, metadata.json, model.weights.h5 with layers/<key>/vars/<i>).
Weights are small deterministic numbers (no RNG), so tests can state exact values.

Run: /usr/bin/python3 scripts/make-keras-fixtures.py   (needs h5py and numpy: apt-get install python3-h5py)
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'keras')


def ramp(shape, scale=0.125, offset=0.0):
    """Deterministic values: (i mod 17 - 8) * scale + offset, in float32."""
    n = int(np.prod(shape))
    return (((np.arange(n) % 17) - 8) * scale + offset).astype(np.float32).reshape(shape)


def layer(cls, name, inbound=None, **config):
    entry = {'class_name': cls, 'config': {'name': name, **config}, 'name': name}
    if inbound is not None:
        entry['inbound_nodes'] = [[[n, 0, 0, {}] for n in inbound]] if inbound else []
    return entry


def functional(name, layers, inputs, outputs):
    return {
        'class_name': 'Functional',
        'config': {
            'name': name,
            'layers': layers,
            'input_layers': [[n, 0, 0] for n in inputs],
            'output_layers': [[n, 0, 0] for n in outputs],
        },
        'keras_version': '2.11.0',
        'backend': 'tensorflow',
    }


def write_weight_groups(root, weights):
    """weights: list of (layer name, [(weight base name, array)]) in model order, Keras 2 layout."""
    root.attrs['layer_names'] = np.array([n.encode() for n, _ in weights])
    root.attrs['backend'] = b'tensorflow'
    root.attrs['keras_version'] = b'2.11.0'
    for lname, ws in weights:
        g = root.create_group(lname)
        names = []
        for wname, arr in ws:
            path = f'{lname}/{wname}:0'
            g.create_dataset(path, data=arr)
            names.append(path.encode())
        g.attrs['weight_names'] = np.array(names, dtype='S') if names else np.array([], dtype='S1')



def write_keras3_zip(path, cfg, weights_h5):
    """A Keras 3 `.keras` file: metadata, config.json and model.weights.h5, with fixed dates (deterministic)."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in [('metadata.json', json.dumps({'keras_version': '3.5.0', 'date_saved': '2026-01-01'})),
                           ('config.json', json.dumps(cfg)), ('model.weights.h5', weights_h5)]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

# --- 1. Keras 2 JSON + weights: Dense/BN/LeakyReLU/Dropout/Dense-softmax --------------------------------
def mlp():
    k1, b1 = ramp((4, 3)), ramp((3,), 0.25)
    gamma, beta = np.array([1.0, 2.0, 0.5], np.float32), np.array([0.1, -0.2, 0.3], np.float32)
    mean, var = np.array([0.5, -1.0, 0.0], np.float32), np.array([4.0, 0.25, 1.0], np.float32)
    k2, b2 = ramp((3, 2), 0.0625), np.array([0.5, -0.5], np.float32)
    cfg = functional(
        'mlp',
        [
            layer('InputLayer', 'in', [], batch_input_shape=[None, 4], dtype='float32'),
            layer('Dense', 'fc1', ['in'], units=3, activation='relu', use_bias=True),
            layer('BatchNormalization', 'bn', ['fc1'], axis=-1, epsilon=0.001, center=True, scale=True),
            layer('LeakyReLU', 'lrelu', ['bn'], alpha=0.1),
            layer('Dropout', 'drop', ['lrelu'], rate=0.5),
            layer('Dense', 'out', ['drop'], units=2, activation='softmax', use_bias=True),
        ],
        ['in'],
        ['out'],
    )
    with open(os.path.join(OUT, 'mlp.json'), 'w') as f:
        json.dump(cfg, f)
    with h5py.File(os.path.join(OUT, 'mlp_weights.h5'), 'w') as h:
        write_weight_groups(
            h,
            [
                ('in', []),
                ('fc1', [('kernel', k1), ('bias', b1)]),
                ('bn', [('gamma', gamma), ('beta', beta), ('moving_mean', mean), ('moving_variance', var)]),
                ('lrelu', []),
                ('drop', []),
                ('out', [('kernel', k2), ('bias', b2)]),
            ],
        )


# --- 2. Keras 2 single-file .h5: conv 'same' stride 2, pooling, branches merged, flatten, dense --------
def cnn():
    ck, cb = ramp((3, 3, 2, 4), 0.03125), ramp((4,), 0.0625)
    dk = ramp((3, 3, 4, 1), 0.0625)
    fk, fb = ramp((16 * 2, 3), 0.015625), np.zeros(3, np.float32)
    cfg = functional(
        'cnn',
        [
            layer('InputLayer', 'img', [], batch_input_shape=[None, 7, 7, 2], dtype='float32'),
            layer('Conv2D', 'conv', ['img'], filters=4, kernel_size=[3, 3], strides=[2, 2], padding='same',
                  data_format='channels_last', dilation_rate=[1, 1], groups=1, activation='linear', use_bias=True),
            layer('DepthwiseConv2D', 'dw', ['conv'], kernel_size=[3, 3], strides=[1, 1], padding='same',
                  depth_multiplier=1, data_format='channels_last', dilation_rate=[1, 1], activation='relu',
                  use_bias=False),
            layer('Add', 'add', ['conv', 'dw']),
            layer('MaxPooling2D', 'pool', ['add'], pool_size=[2, 2], strides=[2, 2], padding='valid',
                  data_format='channels_last'),
            layer('ZeroPadding2D', 'pad', ['pool'], padding=[[1, 0], [0, 1]], data_format='channels_last'),
            layer('UpSampling2D', 'up', ['pool'], size=[1, 1], interpolation='nearest', data_format='channels_last'),
            layer('Cropping2D', 'crop', ['pad'], cropping=[[1, 0], [0, 1]], data_format='channels_last'),
            layer('Concatenate', 'cat', ['crop', 'up'], axis=-1),
            layer('Flatten', 'flat', ['cat']),
            layer('Dense', 'fc', ['flat'], units=3, activation='sigmoid', use_bias=True),
        ],
        ['img'],
        ['fc'],
    )
    with h5py.File(os.path.join(OUT, 'cnn_full.h5'), 'w') as h:
        h.attrs['model_config'] = json.dumps(cfg)
        h.attrs['keras_version'] = '2.11.0'
        h.attrs['backend'] = 'tensorflow'
        write_weight_groups(
            h.create_group('model_weights'),
            [
                ('img', []),
                ('conv', [('kernel', ck), ('bias', cb)]),
                ('dw', [('depthwise_kernel', dk)]),
                ('add', []),
                ('pool', []),
                ('pad', []),
                ('up', []),
                ('crop', []),
                ('cat', []),
                ('flat', []),
                ('fc', [('kernel', fk), ('bias', fb)]),
            ],
        )


# --- 3. Keras 2 Sequential (no InputLayer) with a nested Sequential and QKeras layers -------------------
def qkeras_nested():
    k1, b1 = ramp((3, 4), 0.1, 0.01), ramp((4,), 0.3)
    k2 = ramp((4, 2), 0.2)
    inner = {
        'class_name': 'Sequential',
        'config': {
            'name': 'block',
            'layers': [
                {'class_name': 'QDense', 'config': {
                    'name': 'qd', 'units': 2, 'activation': 'quantized_relu(3,1)', 'use_bias': False,
                    'kernel_quantizer': {'class_name': 'quantized_bits', 'config': {
                        'bits': 4, 'integer': 1, 'symmetric': 0, 'alpha': 1, 'keep_negative': True}},
                    'bias_quantizer': None}},
            ],
        },
    }
    cfg = {
        'class_name': 'Sequential',
        'config': {
            'name': 'qmodel',
            'layers': [
                {'class_name': 'QDense', 'config': {
                    'name': 'fc1', 'units': 4, 'activation': 'linear', 'use_bias': True,
                    'batch_input_shape': [None, 3],
                    'kernel_quantizer': {'class_name': 'quantized_bits', 'config': {
                        'bits': 6, 'integer': 0, 'symmetric': 0, 'alpha': 1, 'keep_negative': True}},
                    'bias_quantizer': 'quantized_bits(5,2)'}},
                {'class_name': 'QActivation', 'config': {'name': 'act1', 'activation': {
                    'class_name': 'quantized_relu', 'config': {'bits': 6, 'integer': 2}}}},
                inner,
                {'class_name': 'QActivation', 'config': {'name': 'act2', 'activation': 'quantized_tanh(8, symmetric=1)'}},
            ],
        },
        'keras_version': '2.4.0',
        'backend': 'tensorflow',
    }
    with h5py.File(os.path.join(OUT, 'qkeras_nested.h5'), 'w') as h:
        h.attrs['model_config'] = json.dumps(cfg)
        h.attrs['keras_version'] = '2.4.0'
        h.attrs['backend'] = 'tensorflow'
        mw = h.create_group('model_weights')
        write_weight_groups(mw, [('fc1', [('kernel', k1), ('bias', b1)]), ('act1', []), ('act2', [])])
        # The nested model's weights live in one group named after it, scoped by the inner layer names.
        del mw.attrs['layer_names']
        mw.attrs['layer_names'] = np.array([b'fc1', b'act1', b'block', b'act2'])
        g = mw.create_group('block')
        g.create_dataset('qd/kernel:0', data=k2)
        g.attrs['weight_names'] = np.array([b'qd/kernel:0'])


# --- 4. Keras 3 .keras zip: Input → LSTM (sequences) → GRU (reset_after) → Dense ------------------------
def keras3():
    def tensor(name):
        return {'class_name': '__keras_tensor__', 'config': {'shape': [None], 'dtype': 'float32',
                                                             'keras_history': [name, 0, 0]}}

    def l3(cls, name, inbound, **config):
        return {'module': 'keras.layers', 'class_name': cls, 'config': {'name': name, **config},
                'registered_name': None, 'name': name,
                'inbound_nodes': [{'args': [tensor(n) for n in inbound], 'kwargs': {}}] if inbound else []}

    u1, u2 = 3, 2
    lstm = [ramp((2, 4 * u1), 0.05), ramp((u1, 4 * u1), 0.04), ramp((4 * u1,), 0.1)]
    gru = [ramp((u1, 3 * u2), 0.05), ramp((u2, 3 * u2), 0.03), ramp((2, 3 * u2), 0.02)]
    dense = [ramp((u2, 1), 0.5), np.array([0.25], np.float32)]
    cfg = {
        'module': 'keras', 'class_name': 'Functional', 'registered_name': 'Functional',
        'config': {
            'name': 'rnn',
            'layers': [
                {'module': 'keras.layers', 'class_name': 'InputLayer', 'registered_name': None, 'name': 'seq',
                 'config': {'batch_shape': [None, 5, 2], 'dtype': 'float32', 'name': 'seq'}, 'inbound_nodes': []},
                l3('LSTM', 'lstm', ['seq'], units=u1, activation='tanh', recurrent_activation='sigmoid',
                   use_bias=True, return_sequences=True, go_backwards=False),
                l3('GRU', 'gru', ['lstm'], units=u2, activation='tanh', recurrent_activation='sigmoid',
                   use_bias=True, return_sequences=False, reset_after=True),
                l3('Dense', 'head', ['gru'], units=1, activation='tanh', use_bias=True),
            ],
            'input_layers': [['seq', 0, 0]],
            'output_layers': [['head', 0, 0]],
        },
    }
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as h:
        lg = h.create_group('layers')
        for key, name, ws, cell in [('lstm', 'lstm', lstm, True), ('gru', 'gru', gru, True), ('dense', 'head', dense, False)]:
            g = lg.create_group(key)
            if cell:
                g.create_group('vars')
                v = g.create_group('cell').create_group('vars')
            else:
                v = g.create_group('vars')
            for i, w in enumerate(ws):
                v.create_dataset(str(i), data=w)
        h.create_group('vars')
    write_keras3_zip(os.path.join(OUT, 'rnn.keras'), cfg, buf.getvalue())


# --- 5. Unsupported layer: a Lambda --------------------------------------------------------------------
def lam():
    cfg = functional('lam', [
        layer('InputLayer', 'x', [], batch_input_shape=[None, 2], dtype='float32'),
        layer('Lambda', 'double_it', ['x'], function=['4wEAAAAAAAAA', None, None], output_shape=None),
    ], ['x'], ['double_it'])
    with open(os.path.join(OUT, 'lambda.json'), 'w') as f:
        json.dump(cfg, f)


# --- 6. A damaged/hostile file: a Dense kernel declaring 400 MB, stored in a few KB ------------------------
def huge():
    cfg = functional('huge', [
        layer('InputLayer', 'x', [], batch_input_shape=[None, 10000], dtype='float32'),
        layer('Dense', 'wide', ['x'], units=10000, activation='linear', use_bias=False),
    ], ['x'], ['wide'])
    with h5py.File(os.path.join(OUT, 'huge_declared.h5'), 'w') as h:
        h.attrs['model_config'] = json.dumps(cfg)
        mw = h.create_group('model_weights')
        mw.attrs['layer_names'] = np.array([b'x', b'wide'])
        mw.create_group('x').attrs['weight_names'] = np.array([], dtype='S1')
        g = mw.create_group('wide')
        # Never written: HDF5 allocates no chunks, so the file stays tiny while the shape claims 10^8 floats.
        g.create_dataset('wide/kernel:0', shape=(10000, 10000), dtype='f4', chunks=(1000, 1000), compression='gzip')
        g.attrs['weight_names'] = np.array([b'wide/kernel:0'])


# --- 7. Everything else, one functional model with three inputs/outputs (single-file .h5) ---------------
def misc():
    L = layer
    cfg = functional('misc', [
        L('InputLayer', 'x', [], batch_input_shape=[None, 6, 4], dtype='float32'),
        L('InputLayer', 'tok', [], batch_input_shape=[None, 5], dtype='int32'),
        L('SeparableConv1D', 'sep', ['x'], filters=3, kernel_size=[3], strides=[1], padding='same',
          depth_multiplier=2, data_format='channels_last', dilation_rate=[1], activation='linear', use_bias=True),
        L('AveragePooling1D', 'avg', ['sep'], pool_size=[2], strides=None, padding='valid', data_format='channels_last'),
        L('ZeroPadding1D', 'zp', ['avg'], padding=[1, 2]),
        L('Cropping1D', 'crop', ['zp'], cropping=[1, 1]),
        L('UpSampling1D', 'up', ['crop'], size=2),
        L('Permute', 'perm', ['up'], dims=[2, 1]),
        L('LayerNormalization', 'ln', ['perm'], axis=[2], epsilon=0.001, center=True, scale=True),
        L('SimpleRNN', 'rnn', ['ln'], units=2, activation='tanh', use_bias=True, return_sequences=False),
        L('PReLU', 'prelu', ['rnn'], shared_axes=None),
        L('GlobalAveragePooling1D', 'gap', ['sep'], data_format='channels_last', keepdims=False),
        L('Dense', 'dense2', ['gap'], units=2, activation='linear', use_bias=True),
        L('Subtract', 'sub', ['prelu', 'dense2']),
        L('Dot', 'dot', ['sub', 'dense2'], axes=1, normalize=False),
        L('ThresholdedReLU', 'thr', ['sub'], theta=0.5),
        L('ELU', 'elu', ['thr'], alpha=0.7),
        L('Softmax', 'sm', ['elu'], axis=-1),
        L('Embedding', 'emb', ['tok'], input_dim=10, output_dim=3),
        L('Reshape', 'flat', ['emb'], target_shape=[-1]),
    ], ['x', 'tok'], ['dot', 'sm', 'flat'])
    with h5py.File(os.path.join(OUT, 'misc_full.h5'), 'w') as h:
        h.attrs['model_config'] = json.dumps(cfg)
        h.attrs['keras_version'] = '2.11.0'
        h.attrs['backend'] = 'tensorflow'
        write_weight_groups(h.create_group('model_weights'), [
            ('x', []), ('tok', []),
            ('sep', [('depthwise_kernel', ramp((3, 4, 2), 0.1)), ('pointwise_kernel', ramp((1, 8, 3), 0.05)),
                     ('bias', ramp((3,), 0.5))]),
            ('ln', [('gamma', ramp((8,), 0.1, 1.0)), ('beta', ramp((8,), 0.01))]),
            ('rnn', [('kernel', ramp((8, 2), 0.1)), ('recurrent_kernel', ramp((2, 2), 0.2)), ('bias', ramp((2,), 0.3))]),
            ('prelu', [('alpha', np.array([0.25, 0.5], np.float32))]),
            ('dense2', [('kernel', ramp((3, 2), 0.25)), ('bias', np.zeros(2, np.float32))]),
            ('emb', [('embeddings', ramp((10, 3), 0.125))]),
        ])


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    mlp()
    cnn()
    qkeras_nested()
    keras3()
    lam()
    huge()
    misc()
    print('wrote', sorted(os.listdir(OUT)))
