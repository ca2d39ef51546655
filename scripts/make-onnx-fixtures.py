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

    # An op the studio does not support yet.
    save(
        "unsupported_op.onnx",
        [fc, helper.make_node("LeakyRelu", ["h"], ["y"], name="/act/LeakyRelu", alpha=0.1)],
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


if __name__ == "__main__":
    main()
