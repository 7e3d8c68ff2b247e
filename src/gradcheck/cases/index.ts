// Every op's check cases. Importing this module registers them all (see ../cases.ts).
import './relu';
import './conv2d';
import './linear';

export { allSpecs } from '../cases';
