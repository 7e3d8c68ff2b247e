// Which backends this build and machine can use, and why not. Asking for one that is unavailable
// throws its reason; nothing ever falls back to another device silently.
import { native, BackendInfo, Device } from './native';
import { checkInt, checkNumber, fail } from './check';

export type { BackendInfo };

export function backends(): BackendInfo[] {
  return native.backends();
}

export function isAvailable(device: Device): boolean {
  if (device !== 'cpu' && device !== 'cuda') fail('isAvailable', 'device', "'cpu' or 'cuda'", device);
  return backends().some((b) => b.name === device && b.available);
}

let cudaChecked = false;

/** Throws with the reason when `device` cannot be used. */
export function requireDevice(device: Device, fn = 'requireDevice'): void {
  if (device === 'cpu') return;
  if (device !== 'cuda') fail(fn, 'device', "'cpu' or 'cuda'", device);
  if (cudaChecked) return;
  const b = backends().find((x) => x.name === 'cuda');
  if (!b?.available) throw new Error(`${fn === 'requireDevice' ? '' : `${fn}: `}cuda is not available: ${b?.reason ?? 'unknown reason'}`);
  cudaChecked = true;
}

/** 'auto' resolves to cuda when it is available, else cpu. */
export function resolveDevice(device: Device | 'auto'): Device {
  if (device === 'auto') return isAvailable('cuda') ? 'cuda' : 'cpu';
  requireDevice(device, 'resolveDevice');
  return device;
}

export function synchronize(device: Device = 'cuda'): void {
  if (device === 'cuda' && !isAvailable('cuda')) return;
  native.synchronize(device);
}

export function emptyCache(device: Device = 'cuda'): void {
  requireDevice(device, 'emptyCache');
  native.emptyCache(device);
}

/** Caps what the device's allocator may hold (0 removes the cap). */
export function setMemoryLimit(device: Device, bytes: number): void {
  requireDevice(device, 'setMemoryLimit');
  checkNumber('setMemoryLimit', 'bytes', bytes, { integer: true, min: 0 });
  native.setMemoryLimit(device, bytes);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}

/**
 * The number of CPU threads ops use: an integer from 1 to maxNumThreads() (4 per hardware thread,
 * at least 256). Larger counts would make OpenMP fail to start its threads, which ends the process.
 */
export function setNumThreads(n: number): void {
  checkInt('setNumThreads', 'n', n, 1, native.maxNumThreads());
  native.setNumThreads(n);
}

/** The largest count setNumThreads accepts. */
export function maxNumThreads(): number {
  return native.maxNumThreads();
}
