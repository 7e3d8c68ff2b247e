// Which device a run uses, and the line that says why. 'auto' takes cuda when it is available and
// otherwise says why not; asking for cuda on a machine without it is an Error carrying the reason.
import { show } from '../check';
import { backends } from '../backends';
import type { Device } from '../native';
import type { DeviceChoice } from './config';

export interface DeviceDecision {
  device: Device;
  /** One line for the log: the device and why it was chosen. */
  message: string;
}

export function chooseDevice(choice: DeviceChoice): DeviceDecision {
  const cuda = backends().find((b) => b.name === 'cuda');
  const cudaLine = cuda?.info ? ` (${cuda.info})` : '';
  const why = cuda?.reason ?? 'this build has no CUDA backend';
  switch (choice) {
    case 'cpu':
      return { device: 'cpu', message: 'device: cpu (asked for with --device cpu)' };
    case 'cuda':
      if (!cuda?.available) throw new Error(`--device cuda: cuda is not available: ${why}`);
      return { device: 'cuda', message: `device: cuda${cudaLine}` };
    case 'auto':
      if (cuda?.available) return { device: 'cuda', message: `device: cuda${cudaLine} (auto: cuda is available)` };
      return { device: 'cpu', message: `device: cpu (auto: cuda is not available: ${why})` };
    default:
      throw new Error(`chooseDevice: choice must be 'auto', 'cpu' or 'cuda', got ${show(choice)}`);
  }
}
