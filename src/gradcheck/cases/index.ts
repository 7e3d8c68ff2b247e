// Every op's check cases. Importing this module registers them all (see ../cases.ts).
import './relu';
import './batch_norm2d';
import './max_pool2d';
import './avg_pool2d';
import './global_avg_pool2d';
import './dropout';

export { allSpecs } from '../cases';
