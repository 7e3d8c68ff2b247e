// Which backends this build and machine can use, and why not. Asking for one that is unavailable
// throws its reason; nothing ever falls back to another device silently.
import { native, BackendInfo, Device } from './native';

export type { BackendInfo };

export function backends(): BackendInfo[] {
  return native.backends();
}

export function isAvailable(device: Device): boolean {
  return backends().some((b) => b.name === device && b.available);
}

let cudaChecked = false;

/** Throws with the reason when `device` cannot be used. */
export function requireDevice(device: Device): void {
  if (device === 'cpu') return;
  if (device !== 'cuda') throw new Error(`unknown device '${String(device)}': expected 'cpu' or 'cuda'`);
  if (cudaChecked) return;
  const b = backends().find((x) => x.name === 'cuda');
  if (!b?.available) throw new Error(`cuda is not available: ${b?.reason ?? 'unknown reason'}`);
  cudaChecked = true;
}

/** 'auto' resolves to cuda when it is available, else cpu. */
export function resolveDevice(device: Device | 'auto'): Device {
  if (device === 'auto') return isAvailable('cuda') ? 'cuda' : 'cpu';
  requireDevice(device);
  return device;
}

export function synchronize(device: Device = 'cuda'): void {
  if (device === 'cuda' && !isAvailable('cuda')) return;
  native.synchronize(device);
}

export function emptyCache(device: Device = 'cuda'): void {
  requireDevice(device);
  native.emptyCache(device);
}

/** Caps what the device's allocator may hold (0 removes the cap). */
export function setMemoryLimit(device: Device, bytes: number): void {
  requireDevice(device);
  native.setMemoryLimit(device, bytes);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}

export function setNumThreads(n: number): void {
  native.setNumThreads(n);
}
