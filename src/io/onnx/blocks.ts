// The ONNX form of the blocks (src/nn/blocks/*.ts) and the zoo's networks (src/models/*.ts),
// written as their forward methods compute in inference mode.
import type { AnyModule } from '../../nn/module';
import { BasicBlock } from '../../nn/blocks/basic_block';
import { Bottleneck } from '../../nn/blocks/bottleneck';
import { DenseBlock } from '../../nn/blocks/dense_block';
import { DenseLayer } from '../../nn/blocks/dense_layer';
import { PreActBasicBlock } from '../../nn/blocks/preact_basic_block';
import { PreActBottleneck } from '../../nn/blocks/preact_bottleneck';
import { Transition } from '../../nn/blocks/transition';
import { Sequential } from '../../nn/sequential';
import { CifarResNet } from '../../models/cifar_resnet';
import { DenseNet } from '../../models/densenet';
import { PreActResNet } from '../../models/preact_resnet';
import { ResNet } from '../../models/resnet';
import { emitterFor, EmitterEntry, Exporter, joinName } from './exporter';
import { relu } from './layers';

/** bn(x) followed by a ReLU (BatchNorm2d.forwardRelu). */
function bnRelu(ex: Exporter, parent: AnyModule, name: string, bn: AnyModule, x: string): string {
  const y = ex.child(parent, name, bn, x);
  return relu(ex, y, ex.graph.producer(y)?.name ?? name);
}

function add(ex: Exporter, a: string, b: string, name: string): string {
  return ex.graph.node('Add', [a, b], {}, joinName(name, 'add'));
}

function emitSequential(ex: Exporter, m: Sequential, name: string, x: string): string {
  let y = x;
  for (const [childName, child] of m.namedChildren()) y = ex.emit(child, joinName(name, childName), y);
  return y;
}

/** The end of a residual branch from its last convolution's output c: BN then R, or R then BN (placement 'beforeBn'). */
function residualNorm(ex: Exporter, m: BasicBlock | Bottleneck, name: string, bn: AnyModule, c: string): string {
  const r = m.recalibration;
  if (r && m.placement === 'beforeBn') return ex.child(m, name, bn, ex.child(m, name, r, c));
  const y = ex.child(m, name, bn, c);
  return r ? ex.child(m, name, r, y) : y;
}

function emitBasicBlock(ex: Exporter, m: BasicBlock, name: string, x: string): string {
  let y = bnRelu(ex, m, name, m.bn1, ex.child(m, name, m.conv1, x));
  y = residualNorm(ex, m, name, m.bn2, ex.child(m, name, m.conv2, y));
  const short = m.shortcut ? ex.child(m, name, m.shortcut, x) : x;
  return relu(ex, add(ex, y, short, name), name);
}

function emitBottleneck(ex: Exporter, m: Bottleneck, name: string, x: string): string {
  let y = bnRelu(ex, m, name, m.bn1, ex.child(m, name, m.conv1, x));
  y = bnRelu(ex, m, name, m.bn2, ex.child(m, name, m.conv2, y));
  y = residualNorm(ex, m, name, m.bn3, ex.child(m, name, m.conv3, y));
  const short = m.shortcut ? ex.child(m, name, m.shortcut, x) : x;
  return relu(ex, add(ex, y, short, name), name);
}

function emitPreActBasicBlock(ex: Exporter, m: PreActBasicBlock, name: string, x: string): string {
  const pre = bnRelu(ex, m, name, m.bn1, x);
  let y = bnRelu(ex, m, name, m.bn2, ex.child(m, name, m.conv1, pre));
  y = ex.child(m, name, m.conv2, y);
  if (m.recalibration) y = ex.child(m, name, m.recalibration, y);
  const short = m.shortcut ? ex.child(m, name, m.shortcut, m.preactShortcut ? pre : x) : x;
  return add(ex, y, short, name);
}

function emitPreActBottleneck(ex: Exporter, m: PreActBottleneck, name: string, x: string): string {
  const pre = bnRelu(ex, m, name, m.bn1, x);
  let y = bnRelu(ex, m, name, m.bn2, ex.child(m, name, m.conv1, pre));
  y = bnRelu(ex, m, name, m.bn3, ex.child(m, name, m.conv2, y));
  y = ex.child(m, name, m.conv3, y);
  if (m.recalibration) y = ex.child(m, name, m.recalibration, y);
  const short = m.shortcut ? ex.child(m, name, m.shortcut, m.preactShortcut ? pre : x) : x;
  return add(ex, y, short, name);
}

/** concat([x, new features], channels); dropout is the identity at inference. */
function emitDenseLayer(ex: Exporter, m: DenseLayer, name: string, x: string): string {
  let y = ex.child(m, name, m.conv1, bnRelu(ex, m, name, m.norm1, x));
  if (m.norm2 && m.conv2) y = ex.child(m, name, m.conv2, bnRelu(ex, m, name, m.norm2, y));
  if (m.recalibration) y = ex.child(m, name, m.recalibration, y);
  return ex.graph.node('Concat', [x, y], { axis: 1 }, joinName(name, 'concat'));
}

function emitDenseBlock(ex: Exporter, m: DenseBlock, name: string, x: string): string {
  let y = x;
  for (const layer of m.layers) y = ex.child(m, name, layer, y);
  return y;
}

function emitTransition(ex: Exporter, m: Transition, name: string, x: string): string {
  return ex.child(m, name, m.pool, ex.child(m, name, m.conv, bnRelu(ex, m, name, m.norm, x)));
}

/** Global average pooling, flatten, the fully-connected layer. */
function head(ex: Exporter, m: AnyModule, name: string, pool: AnyModule, fc: AnyModule, x: string): string {
  const pooled = ex.child(m, name, pool, x);
  return ex.child(m, name, fc, ex.graph.node('Flatten', [pooled], { axis: 1 }, joinName(name, 'flatten')));
}

function stages(ex: Exporter, m: AnyModule, name: string, layers: readonly AnyModule[], x: string): string {
  let y = x;
  for (const layer of layers) y = ex.child(m, name, layer, y);
  return y;
}

function emitCifarResNet(ex: Exporter, m: CifarResNet, name: string, x: string): string {
  const y = bnRelu(ex, m, name, m.bn1, ex.child(m, name, m.conv1, x));
  return head(ex, m, name, m.avgpool, m.fc, stages(ex, m, name, [m.layer1, m.layer2, m.layer3], y));
}

function emitPreActResNet(ex: Exporter, m: PreActResNet, name: string, x: string): string {
  const y = stages(ex, m, name, [m.layer1, m.layer2, m.layer3], ex.child(m, name, m.conv1, x));
  return head(ex, m, name, m.avgpool, m.fc, bnRelu(ex, m, name, m.bn, y));
}

function emitResNet(ex: Exporter, m: ResNet, name: string, x: string): string {
  const y = ex.child(m, name, m.maxpool, bnRelu(ex, m, name, m.bn1, ex.child(m, name, m.conv1, x)));
  return head(ex, m, name, m.avgpool, m.fc, stages(ex, m, name, [m.layer1, m.layer2, m.layer3, m.layer4], y));
}

function emitDenseNet(ex: Exporter, m: DenseNet, name: string, x: string): string {
  const features = ex.child(m, name, m.features, x);
  return head(ex, m, name, m.avgpool, m.classifier, relu(ex, features, joinName(name, 'features')));
}

export const blockEmitters: EmitterEntry[] = [
  emitterFor(Sequential, emitSequential),
  emitterFor(BasicBlock, emitBasicBlock),
  emitterFor(Bottleneck, emitBottleneck),
  emitterFor(PreActBasicBlock, emitPreActBasicBlock),
  emitterFor(PreActBottleneck, emitPreActBottleneck),
  emitterFor(DenseLayer, emitDenseLayer),
  emitterFor(DenseBlock, emitDenseBlock),
  emitterFor(Transition, emitTransition),
  emitterFor(CifarResNet, emitCifarResNet),
  emitterFor(PreActResNet, emitPreActResNet),
  emitterFor(ResNet, emitResNet),
  emitterFor(DenseNet, emitDenseNet),
];
