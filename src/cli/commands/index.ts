// Every subcommand of `mssar`, in the order `mssar help` lists them. Adding one: a file in this
// folder exporting a Command, and one line here.
import type { Command } from '../command';
import { infoCommand } from './info';
import { trainCommand } from './train';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { plotCommand } from './plot';
import { studyCommand } from './study';
import { gradcheckCommand } from './gradcheck';
import { profileCommand } from './profile';

export const commands: Command[] = [
  infoCommand,
  trainCommand,
  evalCommand,
  exportCommand,
  plotCommand,
  studyCommand,
  gradcheckCommand,
  profileCommand,
];
