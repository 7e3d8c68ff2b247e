// Every op's check cases. Importing this module registers them all (see ../cases.ts).
import './relu';
import './mssar';

export { allSpecs } from '../cases';
