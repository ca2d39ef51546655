#!/usr/bin/env python3
"""Write small synthetic Keras models with wrapper/nested layers (tests/fixtures/keras/wrappers/).

Like make-keras-fixtures.py (whose helpers this imports): no TensorFlow, the files are written with h5py in
the layouts Keras 2 and Keras 3 write, with deterministic ramp weights. Covered: nested models (Keras 2
.h5 and Keras 3 .keras), TimeDistributed(Dense) and TimeDistributed(Conv2D), QKeras QConv2DBatchnorm (with
a QConv2D twin holding the batch norm folded in numpy float32 the way hls4ml's Conv2DBatchnorm does),
EinsumDense, and a Bidirectional without stored weights (refused).

Run: /usr/bin/python3 scripts/make-keras-wrapper-fixtures.py   (needs h5py and numpy)
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
ramp, layer, functional, write_weight_groups = kf.ramp, kf.layer, kf.functional, kf.write_weight_groups

OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'keras', 'wrappers')


def save_h5(name, cfg, weights):
    with h5py.File(os.path.join(OUT, name), 'w') as h:
        h.attrs['model_config'] = json.dumps(cfg)
        h.attrs['keras_version'] = '2.11.0'
        h.attrs['backend'] = 'tensorflow'
        mw = h.create_group('model_weights')
        write_weight_groups(mw, [(n, ws) for n, ws, _ in weights])
        # Nested models / wrappers: one group named after the outer layer, scoped inner dataset paths.
        for n, ws, scoped in weights:
            if scoped:
                g = mw[n]
                for k in list(g.keys()):
                    del g[k]
                for path, arr in scoped:
                    g.create_dataset(path, data=arr)
                g.attrs['weight_names'] = np.array([p.encode() for p, _ in scoped])


def save_keras3(name, cfg, groups):
    """groups: [(path under layers/, [arrays])]."""
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as h:
        lg = h.create_group('layers')
        for path, ws in groups:
            v = lg.require_group(path).require_group('vars')
            for i, w in enumerate(ws):
                v.create_dataset(str(i), data=w)
        h.create_group('vars')
    kf.write_keras3_zip(os.path.join(OUT, name), cfg, buf.getvalue())


def tensor(name):
    return {'class_name': '__keras_tensor__', 'config': {'shape': [None], 'dtype': 'float32',
                                                         'keras_history': [name, 0, 0]}}


def l3(cls, name, inbound, **config):
    return {'module': 'keras.layers', 'class_name': cls, 'config': {'name': name, **config},
            'registered_name': None, 'name': name,
            'inbound_nodes': [{'args': [tensor(n) for n in inbound], 'kwargs': {}}] if inbound else []}


def input3(name, shape):
    return {'module': 'keras.layers', 'class_name': 'InputLayer', 'registered_name': None, 'name': name,
            'config': {'batch_shape': [None, *shape], 'dtype': 'float32', 'name': name}, 'inbound_nodes': []}


def model3(name, layers, inputs, outputs):
    return {'module': 'keras', 'class_name': 'Functional', 'registered_name': 'Functional',
            'config': {'name': name, 'layers': layers, 'input_layers': [[n, 0, 0] for n in inputs],
                       'output_layers': [[n, 0, 0] for n in outputs]}}


# --- nested Functional inside a Functional (Keras 2 .h5) and the same layers flat ---------------------
def nested_keras2():
    pk, pb = ramp((4, 3), 0.25), ramp((3,), 0.125)
    ak, ab = ramp((3, 3), 0.1875), ramp((3,), 0.0625)
    bk, bb = ramp((3, 2), 0.3125), np.array([0.5, -0.25], np.float32)
    ok, ob = ramp((2, 2), 0.375), np.array([0.125, 0.0], np.float32)
    inner = functional('inner_block', [
        layer('InputLayer', 'inner_in', [], batch_input_shape=[None, 3], dtype='float32'),
        layer('Dense', 'a', ['inner_in'], units=3, activation='relu', use_bias=True),
        layer('Dense', 'b', ['a'], units=2, activation='linear', use_bias=True),
    ], ['inner_in'], ['b'])
    inner['name'] = 'inner_block'
    inner['inbound_nodes'] = [[['pre', 0, 0, {}]]]
    cfg = functional('nested', [
        layer('InputLayer', 'x', [], batch_input_shape=[None, 4], dtype='float32'),
        layer('Dense', 'pre', ['x'], units=3, activation='tanh', use_bias=True),
        inner,
        layer('Dense', 'post', ['inner_block'], units=2, activation='linear', use_bias=True),
    ], ['x'], ['post'])
    save_h5('nested_functional.h5', cfg, [
        ('x', [], None), ('pre', [('kernel', pk), ('bias', pb)], None),
        ('inner_block', [], [('a/kernel:0', ak), ('a/bias:0', ab), ('b/kernel:0', bk), ('b/bias:0', bb)]),
        ('post', [('kernel', ok), ('bias', ob)], None),
    ])
    flat = functional('flat', [
        layer('InputLayer', 'x', [], batch_input_shape=[None, 4], dtype='float32'),
        layer('Dense', 'pre', ['x'], units=3, activation='tanh', use_bias=True),
        layer('Dense', 'a', ['pre'], units=3, activation='relu', use_bias=True),
        layer('Dense', 'b', ['a'], units=2, activation='linear', use_bias=True),
        layer('Dense', 'post', ['b'], units=2, activation='linear', use_bias=True),
    ], ['x'], ['post'])
    save_h5('nested_flat.h5', flat, [
        ('x', [], None), ('pre', [('kernel', pk), ('bias', pb)], None), ('a', [('kernel', ak), ('bias', ab)], None),
        ('b', [('kernel', bk), ('bias', bb)], None), ('post', [('kernel', ok), ('bias', ob)], None),
    ])


# --- nested Sequential inside a Keras 3 Functional (.keras); weights found by Keras's own keys --------
def nested_keras3():
    block = {'module': 'keras', 'class_name': 'Sequential', 'registered_name': 'Sequential', 'name': 'block',
             'config': {'name': 'block', 'layers': [
                 {'module': 'keras.layers', 'class_name': 'InputLayer', 'registered_name': None,
                  'config': {'batch_shape': [None, 3], 'dtype': 'float32', 'name': 'block_in'}},
                 {'module': 'keras.layers', 'class_name': 'Dense', 'registered_name': None,
                  'config': {'name': 'd1', 'units': 2, 'activation': 'relu', 'use_bias': True}},
                 {'module': 'keras.layers', 'class_name': 'Dense', 'registered_name': None,
                  'config': {'name': 'd2', 'units': 2, 'activation': 'linear', 'use_bias': False}},
             ]},
             'inbound_nodes': [{'args': [tensor('stem')], 'kwargs': {}}]}
    cfg = model3('nested3', [input3('x', [3]), l3('Dense', 'stem', ['x'], units=3, activation='linear', use_bias=True),
                             block, l3('Dense', 'head', ['block'], units=1, activation='linear', use_bias=True)],
                 ['x'], ['head'])
    save_keras3('nested.keras', cfg, [
        ('dense', [ramp((3, 3), 0.125), ramp((3,), 0.25)]),
        ('sequential/layers/dense', [ramp((3, 2), 0.0625), np.array([0.5, -0.5], np.float32)]),
        ('sequential/layers/dense_1', [ramp((2, 2), 0.375)]),
        ('dense_1', [np.array([[1.5], [-2.0]], np.float32), np.array([0.75], np.float32)]),
    ])


# --- TimeDistributed(Dense) (Keras 2 .h5 and Keras 3 .keras) -------------------------------------------
def time_distributed():
    k, b = ramp((4, 2), 0.15625), np.array([0.25, -0.5], np.float32)
    ok, ob = ramp((6, 1), 0.25), np.array([0.125], np.float32)
    inner = {'class_name': 'Dense', 'config': {'name': 'per_step', 'units': 2, 'activation': 'relu', 'use_bias': True}}
    cfg = functional('td', [
        layer('InputLayer', 'seq', [], batch_input_shape=[None, 3, 4], dtype='float32'),
        layer('TimeDistributed', 'td', ['seq'], layer=inner),
        layer('TimeDistributed', 'td_act', ['td'], layer={'class_name': 'Activation',
                                                          'config': {'name': 'step_tanh', 'activation': 'tanh'}}),
        layer('Flatten', 'flat', ['td_act']),
        layer('Dense', 'out', ['flat'], units=1, activation='linear', use_bias=True),
    ], ['seq'], ['out'])
    save_h5('time_distributed.h5', cfg, [
        ('seq', [], None), ('td', [], [('td/kernel:0', k), ('td/bias:0', b)]), ('td_act', [], None),
        ('flat', [], None), ('out', [('kernel', ok), ('bias', ob)], None),
    ])
    cfg3 = model3('td3', [input3('seq', [3, 4]),
                          l3('TimeDistributed', 'td', ['seq'], layer={'module': 'keras.layers', 'class_name': 'Dense',
                                                                    'config': {'name': 'per_step', 'units': 2,
                                                                               'activation': 'relu', 'use_bias': True}})],
                  ['seq'], ['td'])
    save_keras3('time_distributed.keras', cfg3, [('time_distributed/layer', [k, b])])
    # A wrapped Conv2D over a sequence of images: run per time step (hls4ml's time_distributed loop).
    conv = functional('td_conv', [
        layer('InputLayer', 'frames', [], batch_input_shape=[None, 2, 4, 4, 1], dtype='float32'),
        layer('TimeDistributed', 'td_conv', ['frames'], layer={'class_name': 'Conv2D', 'config': {
            'name': 'conv', 'filters': 2, 'kernel_size': [3, 3], 'padding': 'valid', 'activation': 'linear',
            'use_bias': True}}),
    ], ['frames'], ['td_conv'])
    save_h5('td_conv.h5', conv, [('frames', [], None), ('td_conv', [], [
        ('td_conv/kernel:0', ramp((3, 3, 1, 2), 0.125)), ('td_conv/bias:0', np.array([0.25, -0.5], np.float32))])])


# --- QConv2DBatchnorm and its folded QConv2D twin -------------------------------------------------------
def qconv_batchnorm():
    kernel, bias = ramp((2, 2, 2, 3), 0.09375), np.array([0.125, -0.25, 0.0], np.float32)
    gamma, beta = np.array([1.5, 0.75, -1.0], np.float32), np.array([0.1, -0.2, 0.3], np.float32)
    mean, var = np.array([0.25, -0.5, 0.125], np.float32), np.array([0.64, 2.0, 0.3], np.float32)
    eps = 0.001
    kq = {'class_name': 'quantized_bits', 'config': {'bits': 8, 'integer': 2, 'symmetric': 0, 'alpha': 1,
                                                    'keep_negative': True}}
    bq = 'quantized_bits(10,3)'
    conv_cfg = dict(filters=3, kernel_size=[2, 2], strides=[1, 1], padding='valid', data_format='channels_last',
                    dilation_rate=[1, 1], activation='linear', use_bias=True, kernel_quantizer=kq, bias_quantizer=bq)
    cfg = functional('qcbn', [
        layer('InputLayer', 'img', [], batch_input_shape=[None, 4, 4, 2], dtype='float32'),
        layer('QConv2DBatchnorm', 'qcbn', ['img'], **conv_cfg, axis=-1, momentum=0.99, epsilon=eps, center=True,
              scale=True, folding_mode='ema_stats_folding', ema_freeze_delay=None),
    ], ['img'], ['qcbn'])
    save_h5('qconv_batchnorm.h5', cfg, [
        ('img', [], None),
        ('qcbn', [], [('qcbn/kernel:0', kernel), ('qcbn/bias:0', bias), ('qcbn/batch_normalization/gamma:0', gamma),
                      ('qcbn/batch_normalization/beta:0', beta),
                      ('qcbn/batch_normalization/moving_mean:0', mean),
                      ('qcbn/batch_normalization/moving_variance:0', var), ('qcbn/iteration:0', np.array(-1, np.int64))]),
    ])
    # hls4ml's Conv2DBatchnorm fold, in numpy float32 (the values its weight quantizer then sees).
    inv = np.reciprocal(np.sqrt(var + np.float32(eps)))
    inv *= gamma
    fk = (inv * kernel).astype(np.float32)
    fb = (inv * (bias - mean) + beta).astype(np.float32)
    twin = functional('qcbn_folded', [
        layer('InputLayer', 'img', [], batch_input_shape=[None, 4, 4, 2], dtype='float32'),
        layer('QConv2D', 'qcbn', ['img'], **conv_cfg),
    ], ['img'], ['qcbn'])
    save_h5('qconv_batchnorm_folded.h5', twin, [('img', [], None), ('qcbn', [('kernel', fk), ('bias', fb)], None)])


# --- EinsumDense (Keras 3): Dense-equivalent equations, and one that is not ----------------------------
def einsum():
    cfg = model3('ein', [
        input3('x', [4]),
        l3('EinsumDense', 'ed', ['x'], equation='ab,bc->ac', output_shape=[3], bias_axes='c', activation='relu'),
        l3('Reshape', 'r', ['ed'], target_shape=[3, 1]),
        l3('EinsumDense', 'ed_seq', ['r'], equation='...b,bc->...c', output_shape=[2], bias_axes=None,
           activation='linear'),
    ], ['x'], ['ed_seq'])
    save_keras3('einsum_dense.keras', cfg, [
        ('einsum_dense', [ramp((4, 3), 0.125), np.array([0.25, 0.0, -0.5], np.float32)]),
        ('einsum_dense_1', [np.array([[1.0, -0.5]], np.float32)]),
    ])
    bad = model3('ein_bad', [
        input3('x', [4, 2]),
        l3('EinsumDense', 'heads', ['x'], equation='abc,cde->abde', output_shape=[4, 2, 3], bias_axes='e'),
    ], ['x'], ['heads'])
    save_keras3('einsum_heads.keras', bad, [('einsum_dense', [ramp((2, 2, 3), 0.125), ramp((3,), 0.125)])])


# --- Bidirectional LSTM: refused ---------------------------------------------------------------------
def bidirectional():
    lstm = {'class_name': 'LSTM', 'config': {'name': 'lstm', 'units': 2, 'return_sequences': False,
                                             'go_backwards': False, 'activation': 'tanh',
                                             'recurrent_activation': 'sigmoid'}}
    cfg = functional('bi', [
        layer('InputLayer', 'seq', [], batch_input_shape=[None, 5, 3], dtype='float32'),
        layer('Bidirectional', 'bi', ['seq'], layer=lstm, merge_mode='concat'),
    ], ['seq'], ['bi'])
    save_h5('bidirectional.h5', cfg, [('seq', [], None), ('bi', [], None)])


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    nested_keras2()
    nested_keras3()
    time_distributed()
    qconv_batchnorm()
    einsum()
    bidirectional()
    print('wrote', sorted(os.listdir(OUT)))
