/** The example models served from public/examples (their origins and licenses are in its README). */
export interface ExampleModel {
  readonly file: string;
  readonly label: string;
  readonly description: string;
}

export const EXAMPLES: readonly ExampleModel[] = [
  {
    file: 'jet_tagger.onnx',
    label: 'Jet tagger MLP (ONNX)',
    description: 'Linear 16→64→32→32→5 with ReLU and Softmax, exported from PyTorch',
  },
  {
    file: 'mnist_cnn.onnx',
    label: 'MNIST CNN (ONNX)',
    description: 'two 5×5 convolutions with max pooling and a dense classifier, 28×28 input',
  },
  {
    file: 'jet_tagger_qonnx.onnx',
    label: 'Quantized jet tagger (QONNX)',
    description: 'the jet tagger with Quant nodes: 6-bit weights, 8-bit activations',
  },
];
