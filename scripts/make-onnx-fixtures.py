#!/usr/bin/python3
"""Write the small ONNX files the ONNX frontend tests read (tests/fixtures/onnx/).

Run with Debian's python3-onnx (onnx 1.12) + numpy:  /usr/bin/python3 scripts/make-onnx-fixtures.py
The outputs are committed, so the tests never need Python. Several fixtures are deliberately invalid
(missing initializer, shape mismatch, unknown tensor): they are written without onnx.checker.
"""
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx")
F = TensorProto.FLOAT


def vinfo(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def raw(name, values, dtype=np.float32):
    """Initializer stored as raw_data (what torch.onnx.export writes)."""
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def listed(name, values, elem=F):
    """Initializer stored in float_data / double_data / int32_data (typed repeated fields)."""
    arr = np.array(values)
    return helper.make_tensor(name, elem, list(arr.shape), arr.flatten().tolist())


def save(fname, nodes, inputs, outputs, inits, opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializer=inits)
    model = helper.make_model(
        graph, producer_name="make-onnx-fixtures", producer_version="1", opset_imports=[helper.make_opsetid("", opset)]
    )
    model.ir_version = 7
    with open(os.path.join(OUT, fname), "wb") as f:
        f.write(model.SerializeToString())


def main():
    os.makedirs(OUT, exist_ok=True)

    # MatMul + Add(bias) fused into one Dense; unnamed nodes; a MatMul without bias; Softmax with
    # opset 11 and no axis attribute (default axis=1 = the last axis for [batch, n]).
    save(
        "matmul_add.onnx",
        [
            helper.make_node("MatMul", ["x", "W1"], ["t1"], name="/fc1/MatMul"),
            helper.make_node("Add", ["t1", "b1"], ["t2"], name="/fc1/Add"),
            helper.make_node("Relu", ["t2"], ["t3"]),
            helper.make_node("MatMul", ["t3", "W2"], ["t4"]),
            helper.make_node("Softmax", ["t4"], ["y"]),
        ],
        [vinfo("x", ["N", 4])],
        [vinfo("y", ["N", 2])],
        [
            listed("W1", [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [1.0, 1.1, 1.2]]),
            listed("b1", [0.01, 0.02, 0.03]),
            listed("W2", [[1.5, -1.5], [2.5, -2.5], [3.5, -3.5]]),
        ],
        opset=11,
    )

    # Gemm with transB=0, alpha/beta != 1, C of shape [1, n]; initializers also listed as graph inputs
    # (old exporters do this); a fixed batch of 1; repeated node names and a node named like the input;
    # two graph outputs.
    a_w = raw("A_w", [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    a_b = raw("A_b", [[0.7, -0.8]])
    save(
        "gemm_variants.onnx",
        [
            helper.make_node("Gemm", ["x", "A_w", "A_b"], ["t1"], name="dup", alpha=0.5, beta=2.0, transB=0),
            helper.make_node("Sigmoid", ["t1"], ["t2"], name="dup"),
            helper.make_node("Gemm", ["t2", "B_w"], ["t3"], name="x", transB=1),
            helper.make_node("Tanh", ["t3"], ["y"], name="act"),
        ],
        [vinfo("x", [1, 3]), vinfo("A_w", [3, 2]), vinfo("A_b", [1, 2])],
        [vinfo("t2", [1, 2]), vinfo("y", [1, 4])],
        [a_w, a_b, raw("B_w", [[1, 2], [3, 4], [5, 6], [7, 8]])],
    )

    # Double-precision weights (double_data).
    save(
        "double_weights.onnx",
        [helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="/fc/Gemm", transB=1)],
        [vinfo("x", ["batch", 2], TensorProto.DOUBLE)],
        [vinfo("y", ["batch", 3], TensorProto.DOUBLE)],
        [
            listed("w", [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], TensorProto.DOUBLE),
            listed("b", [0.7, 0.8, 0.9], TensorProto.DOUBLE),
        ],
    )

    fc = helper.make_node("Gemm", ["x", "fc.weight", "fc.bias"], ["h"], name="/fc/Gemm", transB=1)
    fc_inits = [raw("fc.weight", np.ones((3, 4))), raw("fc.bias", np.zeros(3))]

    # An op the studio does not support.
    save(
        "unsupported_op.onnx",
        [fc, helper.make_node("Erf", ["h"], ["y"], name="/act/Erf")],
        [vinfo("x", ["batch", 4])],
        [vinfo("y", ["batch", 3])],
        fc_inits,
    )

    # Gemm whose weight initializer is missing.
    save(
        "missing_initializer.onnx",
        [fc, helper.make_node("Relu", ["h"], ["y"], name="/act/Relu")],
        [vinfo("x", ["batch", 4])],
        [vinfo("y", ["batch", 3])],
        [raw("fc.bias", np.zeros(3))],
    )

    # Gemm with B = [3, 5] and transB=1 on a 4-feature input: K mismatch.
    save(
        "gemm_k_mismatch.onnx",
        [fc],
        [vinfo("x", ["batch", 4])],
        [vinfo("h", ["batch", 3])],
        [raw("fc.weight", np.ones((3, 5))), raw("fc.bias", np.zeros(3))],
    )

    # A node reading a tensor nobody produces.
    save(
        "unknown_tensor.onnx",
        [fc, helper.make_node("Relu", ["ghost"], ["y"], name="/act/Relu")],
        [vinfo("x", ["batch", 4])],
        [vinfo("y", ["batch", 3])],
        fc_inits,
    )

    # Integer weights.
    save(
        "int_weights.onnx",
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="/fc/MatMul")],
        [vinfo("x", ["batch", 2])],
        [vinfo("y", ["batch", 2])],
        [listed("W", [[1, 2], [3, 4]], TensorProto.INT32)],
    )

    # Add of two computed tensors (a residual), not a bias.
    save(
        "residual_add.onnx",
        [fc, helper.make_node("Relu", ["h"], ["r"], name="/act/Relu"), helper.make_node("Add", ["h", "r"], ["y"], name="/add/Add")],
        [vinfo("x", ["batch", 4])],
        [vinfo("y", ["batch", 3])],
        fc_inits,
    )

    # Weights from a Constant node that comes after its MatMul, and Identity aliases (no layers).
    bias = helper.make_tensor("c", F, [2], [0.25, -0.25])
    save(
        "constant_identity.onnx",
        [
            helper.make_node("Identity", ["W"], ["W_alias"], name="/w/Identity"),
            helper.make_node("MatMul", ["x", "W_alias"], ["t1"], name="/fc/MatMul"),
            helper.make_node("Constant", [], ["bias"], name="/fc/Constant", value=bias),
            helper.make_node("Add", ["bias", "t1"], ["t2"], name="/fc/Add"),
            helper.make_node("Identity", ["t2"], ["y"], name="/out/Identity"),
        ],
        [vinfo("x", ["batch", 2])],
        [vinfo("y", ["batch", 2])],
        [raw("W", [[1, 2], [3, 4]])],
    )

    op_families()


def arange(shape, scale=1.0, offset=0.0):
    return (np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) * scale + offset).astype(np.float32)


def op_families():
    """One small model per op family of the extended ONNX frontend (issue 3)."""
    # Conv2D (NCHW, pads, bias) → Relu → depthwise Conv (group = channels, SAME_UPPER, stride 2) → BN →
    # MaxPool → AveragePool (count_include_pad) → GlobalAveragePool → Flatten → Gemm.
    save(
        "conv2d_family.onnx",
        [
            helper.make_node("Conv", ["x", "cw", "cb"], ["c1"], name="/conv/Conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["c1"], ["r1"], name="/relu/Relu"),
            helper.make_node("Conv", ["r1", "dw"], ["c2"], name="/dw/Conv", group=3, strides=[2, 2], auto_pad="SAME_UPPER"),
            helper.make_node("BatchNormalization", ["c2", "g", "b", "m", "v"], ["n1"], name="/bn/BN", epsilon=0.5),
            helper.make_node("MaxPool", ["n1"], ["p1"], name="/mp/MaxPool", kernel_shape=[2, 2], strides=[1, 1]),
            helper.make_node("AveragePool", ["p1"], ["p2"], name="/ap/AveragePool", kernel_shape=[2, 2], pads=[1, 0, 0, 1], count_include_pad=1),
            helper.make_node("GlobalAveragePool", ["p2"], ["gp"], name="/gap/GAP"),
            helper.make_node("Flatten", ["gp"], ["f"], name="/flat/Flatten"),
            helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], name="/fc/Gemm", transB=1),
        ],
        [vinfo("x", [1, 2, 6, 5])],
        [vinfo("y", [1, 2])],
        [
            raw("cw", arange([3, 2, 3, 3])),
            raw("cb", [0.5, -0.5, 1.0]),
            raw("dw", arange([6, 1, 3, 3], 0.1)),
            raw("g", [1, 2, 3, 4, 5, 6]),
            raw("b", [0, 0, 0, 1, 1, 1]),
            raw("m", [0, 1, 0, 1, 0, 1]),
            raw("v", [0.5, 0.5, 1.5, 1.5, 3.5, 3.5]),
            raw("fw", arange([2, 6])),
            raw("fb", [0.0, 1.0]),
        ],
    )

    # Conv1D (NCW) → Flatten → Gemm: the Dense reads the channels-last tensor with reordered rows; a second
    # Flatten that feeds an output goes through an explicit Transpose back to the file's order.
    save(
        "conv1d_flatten.onnx",
        [
            helper.make_node("Conv", ["x", "cw"], ["c"], name="/conv/Conv", kernel_shape=[2], dilations=[2], strides=[1]),
            helper.make_node("Flatten", ["c"], ["f"], name="/flat/Flatten"),
            helper.make_node("Gemm", ["f", "fw"], ["y"], name="/fc/Gemm", transB=1),
            helper.make_node("Flatten", ["c"], ["y2"], name="/flat2/Flatten"),
        ],
        [vinfo("x", [1, 2, 5])],
        [vinfo("y", [1, 2]), vinfo("y2", [1, 9])],
        [raw("cw", arange([3, 2, 2])), raw("fw", arange([2, 9]))],
    )

    # Element-wise activations with their parameters, PRelu, Clip(0, 6), Softmax, Dropout, Identity.
    save(
        "activations.onnx",
        [
            helper.make_node("LeakyRelu", ["x"], ["a1"], name="leaky", alpha=0.25),
            helper.make_node("Elu", ["a1"], ["a2"], name="elu", alpha=0.5),
            helper.make_node("Selu", ["a2"], ["a3"], name="selu"),
            helper.make_node("ThresholdedRelu", ["a3"], ["a4"], name="thr", alpha=0.75),
            helper.make_node("HardSigmoid", ["a4"], ["a5"], name="hsig", alpha=0.25, beta=0.375),
            helper.make_node("Softsign", ["a5"], ["a6"], name="ssign"),
            helper.make_node("Softplus", ["a6"], ["a7"], name="splus"),
            helper.make_node("PRelu", ["a7", "slope"], ["a8"], name="prelu"),
            helper.make_node("Clip", ["a8", "lo", "hi"], ["a9"], name="clip"),
            helper.make_node("Dropout", ["a9"], ["a10"], name="drop"),
            helper.make_node("Identity", ["a10"], ["a11"], name="id"),
            helper.make_node("Softmax", ["a11"], ["y"], name="sm", axis=-1),
        ],
        [vinfo("x", [1, 3])],
        [vinfo("y", [1, 3])],
        [raw("slope", [0.1, 0.2, 0.3]), raw("lo", np.float32(0)), raw("hi", np.float32(6))],
    )

    # Two-tensor arithmetic → Merge, Sum of three, Mean, Concat; constant operands → per-channel scale/bias.
    save(
        "merge_scale.onnx",
        [
            helper.make_node("Relu", ["x"], ["r"], name="relu"),
            helper.make_node("Sigmoid", ["x"], ["s"], name="sig"),
            helper.make_node("Add", ["r", "s"], ["m1"], name="add"),
            helper.make_node("Sub", ["m1", "s"], ["m2"], name="sub"),
            helper.make_node("Mul", ["m2", "r"], ["m3"], name="mul"),
            helper.make_node("Max", ["m3", "s"], ["m4"], name="max"),
            helper.make_node("Min", ["m4", "r"], ["m5"], name="min"),
            helper.make_node("Mean", ["m5", "s"], ["m6"], name="mean"),
            helper.make_node("Sum", ["m6", "r", "s"], ["m7"], name="sum"),
            helper.make_node("Mul", ["m7", "k"], ["k1"], name="scale"),
            helper.make_node("Add", ["half", "k1"], ["k2"], name="shift"),
            helper.make_node("Sub", ["k2", "k"], ["k3"], name="minus"),
            helper.make_node("Sub", ["half", "k3"], ["k4"], name="rminus"),
            helper.make_node("Div", ["k4", "four"], ["k5"], name="div"),
            helper.make_node("Concat", ["k5", "m1"], ["y"], name="cat", axis=1),
        ],
        [vinfo("x", [1, 3])],
        [vinfo("y", [1, 6])],
        [raw("k", [2, 3, 4]), raw("half", np.float32(0.5)), raw("four", [[4, 4, 4]])],
    )

    # Shape subgraph folded to a constant (Shape → Gather → Unsqueeze → Concat → Reshape), Squeeze,
    # Unsqueeze, Transpose.
    save(
        "shape_fold.onnx",
        [
            helper.make_node("Shape", ["x"], ["sh"], name="shape"),
            helper.make_node("Gather", ["sh", "zero"], ["n"], name="gather", axis=0),
            helper.make_node("Unsqueeze", ["n", "ax0"], ["n1"], name="unsq"),
            helper.make_node("Concat", ["n1", "minus1"], ["target"], name="cat", axis=0),
            helper.make_node("Transpose", ["x"], ["xt"], name="tr", perm=[0, 2, 1]),
            helper.make_node("Reshape", ["xt", "target"], ["flat"], name="reshape"),
            helper.make_node("Unsqueeze", ["flat", "ax2"], ["u"], name="unsq2"),
            helper.make_node("Squeeze", ["u", "ax2"], ["sq"], name="sq"),
            helper.make_node("MatMul", ["sq", "w"], ["y"], name="mm"),
        ],
        [vinfo("x", [1, 2, 3])],
        [vinfo("y", [1, 2])],
        [
            numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
            numpy_helper.from_array(np.array([0], dtype=np.int64), "ax0"),
            numpy_helper.from_array(np.array([2], dtype=np.int64), "ax2"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus1"),
            raw("w", arange([6, 2])),
        ],
    )

    # Pad (opset 13: pads as an input) → Resize (scales) on NCHW.
    save(
        "pad_resize.onnx",
        [
            helper.make_node("Pad", ["x", "pads"], ["p"], name="pad", mode="constant"),
            helper.make_node("Resize", ["p", "", "scales"], ["y"], name="resize", mode="nearest"),
        ],
        [vinfo("x", [1, 2, 3, 4])],
        [vinfo("y", [1, 2, 10, 14])],
        [
            numpy_helper.from_array(np.array([0, 0, 1, 2, 0, 0, 1, 1], dtype=np.int64), "pads"),
            raw("scales", [1, 1, 2, 2]),
        ],
    )

    # LSTM, GRU (linear_before_reset) and RNN, batch-first (layout=1), weights as initializers.
    T, F, H = 2, 2, 1
    save(
        "recurrent.onnx",
        [
            helper.make_node("LSTM", ["x", "lw", "lr", "lb"], ["", "lh"], name="lstm", hidden_size=H, layout=1),
            helper.make_node("GRU", ["x", "gw", "gr", "gb"], ["gy"], name="gru", hidden_size=H, layout=1, linear_before_reset=1),
            helper.make_node("RNN", ["x", "rw", "rr"], ["", "rh"], name="rnn", hidden_size=H, layout=1),
        ],
        [vinfo("x", [1, T, F])],
        [vinfo("lh", [1, 1, H]), vinfo("gy", [1, T, 1, H]), vinfo("rh", [1, 1, H])],
        [
            raw("lw", arange([1, 4 * H, F], 1, 1)),
            raw("lr", arange([1, 4 * H, H], 1, 11)),
            raw("lb", arange([1, 8 * H], 1, 21)),
            raw("gw", arange([1, 3 * H, F], 1, 31)),
            raw("gr", arange([1, 3 * H, H], 1, 41)),
            raw("gb", arange([1, 6 * H], 1, 51)),
            raw("rw", arange([1, H, F], 1, 61)),
            raw("rr", arange([1, H, H], 1, 71)),
        ],
    )

    # Sequence-first RNNs as torch.onnx.export writes a batch_first module: Transpose → LSTM/GRU (layout=0) →
    # Squeeze (→ Transpose back).
    save(
        "rnn_seq_first.onnx",
        [
            helper.make_node("Transpose", ["x"], ["xt"], name="to_seq", perm=[1, 0, 2]),
            helper.make_node("LSTM", ["xt", "lw", "lr"], ["", "lh"], name="lstm", hidden_size=2),
            helper.make_node("Squeeze", ["lh", "ax0"], ["h"], name="sq_h"),
            helper.make_node("Gemm", ["h", "fw"], ["y"], name="fc"),
            helper.make_node("GRU", ["xt", "gw", "gr"], ["gy"], name="gru", hidden_size=2),
            helper.make_node("Squeeze", ["gy", "ax1"], ["gs"], name="sq_y"),
            helper.make_node("Transpose", ["gs"], ["y2"], name="to_batch", perm=[1, 0, 2]),
        ],
        [vinfo("x", [1, 3, 2])],
        [vinfo("y", [1, 1]), vinfo("y2", [1, 3, 2])],
        [
            raw("lw", arange([1, 8, 2])),
            raw("lr", arange([1, 8, 2])),
            raw("gw", arange([1, 6, 2])),
            raw("gr", arange([1, 6, 2])),
            raw("fw", [[1.0], [2.0]]),
            numpy_helper.from_array(np.array([0], dtype=np.int64), "ax0"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "ax1"),
        ],
    )

    # 1D family: Conv with auto_pad SAME_LOWER, a second Conv, Concat on the channel axis, MaxPool 1D,
    # GlobalMaxPool; and Upsample (opset 9, scales input) on NCHW.
    save(
        "conv1d_family.onnx",
        [
            helper.make_node("Conv", ["x", "w1"], ["a"], name="c1", kernel_shape=[4], auto_pad="SAME_LOWER"),
            helper.make_node("Conv", ["x", "w2", "b2"], ["b"], name="c2", kernel_shape=[1]),
            helper.make_node("Concat", ["a", "b"], ["cat"], name="cat", axis=1),
            helper.make_node("MaxPool", ["cat"], ["p"], name="pool", kernel_shape=[2], strides=[2]),
            helper.make_node("GlobalMaxPool", ["p"], ["y"], name="gmp"),
        ],
        [vinfo("x", [1, 2, 8])],
        [vinfo("y", [1, 5, 1])],
        [raw("w1", arange([3, 2, 4])), raw("w2", arange([2, 2, 1])), raw("b2", [1, 2])],
    )
    save(
        "upsample.onnx",
        [helper.make_node("Upsample", ["x", "scales"], ["y"], name="up", mode="linear")],
        [vinfo("x", [1, 2, 3, 3])],
        [vinfo("y", [1, 2, 6, 9])],
        [raw("scales", [1, 1, 2, 3])],
        opset=9,
    )

    # Gemm with transA=1 on a transposed [features, batch] tensor, and one on a plain input (refused).
    save(
        "gemm_transa.onnx",
        [
            helper.make_node("Transpose", ["x"], ["xt"], name="tr", perm=[1, 0]),
            helper.make_node("Gemm", ["xt", "w", "b"], ["y"], name="fc", transA=1, transB=1, alpha=2.0),
        ],
        [vinfo("x", [1, 3])],
        [vinfo("y", [1, 2])],
        [raw("w", [[1, 2, 3], [4, 5, 6]]), raw("b", [0.5, -0.5])],
    )
    save(
        "gemm_transa_batch.onnx",
        [helper.make_node("Gemm", ["x", "w"], ["y"], name="fc", transA=1)],
        [vinfo("x", [1, 3])],
        [vinfo("y", [3, 2])],
        [raw("w", [[1, 2]])],
    )

    # QONNX: a po2 Quant on the input, a quantized weight and bias, a non-po2 activation quantizer,
    # BipolarQuant, Trunc.
    Q = "qonnx.custom_op.general"
    scal = lambda name, v, dt=np.float32: numpy_helper.from_array(np.array(v, dtype=dt), name)
    qnodes = [
        helper.make_node("Quant", ["x", "s_in", "z0", "b8"], ["xq"], name="quant_in", domain=Q, signed=1, narrow=0, rounding_mode="ROUND"),
        helper.make_node("Quant", ["w", "s_w", "z0", "b4"], ["wq"], name="quant_w", domain=Q, signed=1, narrow=1, rounding_mode="ROUND"),
        helper.make_node("Quant", ["bias", "s_b", "z0", "b8"], ["bq"], name="quant_b", domain=Q, signed=1, narrow=0, rounding_mode="ROUND"),
        helper.make_node("Gemm", ["xq", "wq", "bq"], ["h"], name="fc"),
        helper.make_node("Quant", ["h", "s_odd", "z0", "b4"], ["hq"], name="quant_act", domain=Q, signed=0, narrow=0, rounding_mode="FLOOR"),
        helper.make_node("BipolarQuant", ["hq", "s_one"], ["bp"], name="bipolar", domain=Q),
        helper.make_node("Trunc", ["bp", "s_one", "z0", "b8", "b4"], ["y"], name="trunc", domain=Q, rounding_mode="FLOOR"),
    ]
    graph = helper.make_graph(
        qnodes,
        "g",
        [vinfo("x", [1, 2])],
        [vinfo("y", [1, 3])],
        initializer=[
            raw("w", [[0.3, -0.9, 2.0], [-0.1, 0.74, -3.9]]),
            raw("bias", [0.1, 0.2, -0.3]),
            scal("s_in", 0.25),
            scal("s_w", 0.5),
            scal("s_b", 0.125),
            scal("s_odd", 0.3),
            scal("s_one", 1.0),
            scal("z0", 0.0),
            scal("b8", 8.0),
            scal("b4", 4.0),
        ],
    )
    model = helper.make_model(
        graph,
        producer_name="make-onnx-fixtures",
        producer_version="1",
        opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(Q, 1)],
    )
    model.ir_version = 7
    with open(os.path.join(OUT, "qonnx_quant.onnx"), "wb") as f:
        f.write(model.SerializeToString())

    # qonnx channels-last custom ops: NHWC Conv with [O, kH, kW, I] weights and MaxPool.
    CL = "qonnx.custom_op.channels_last"
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "w"], ["c"], name="cl_conv", domain=CL, kernel_shape=[2, 2], pads=[0, 0, 0, 0], strides=[1, 1], group=1, dilations=[1, 1]),
            helper.make_node("MaxPool", ["c"], ["y"], name="cl_pool", domain=CL, kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0]),
        ],
        "g",
        [vinfo("x", [1, 5, 5, 2])],
        [vinfo("y", [1, 2, 2, 3])],
        initializer=[raw("w", arange([3, 2, 2, 2]))],
    )
    model = helper.make_model(
        graph, producer_name="make-onnx-fixtures", producer_version="1",
        opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(CL, 1)],
    )
    model.ir_version = 7
    with open(os.path.join(OUT, "qonnx_channels_last.onnx"), "wb") as f:
        f.write(model.SerializeToString())

    # FloatQuant: refused.
    graph = helper.make_graph(
        [helper.make_node("FloatQuant", ["x", "s", "e", "m", "b"], ["y"], name="fq", domain="onnx.brevitas")],
        "g",
        [vinfo("x", [1, 2])],
        [vinfo("y", [1, 2])],
        initializer=[scal("s", 1.0), scal("e", 4.0), scal("m", 3.0), scal("b", 7.0)],
    )
    model = helper.make_model(
        graph, producer_name="make-onnx-fixtures", producer_version="1",
        opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("onnx.brevitas", 1)],
    )
    model.ir_version = 7
    with open(os.path.join(OUT, "floatquant.onnx"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
