export { saveSafetensors, loadSafetensors } from './safetensors';
export type { SafetensorsFile } from './safetensors';
export { writeFileAtomic } from './atomic';
