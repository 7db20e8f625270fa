/**
 * `govern`: the command line for the secretariat, board members and anyone reading the board's work
 * (run by bin/govern.js). The commands are the table in ./cli; this entry only runs it.
 */
import { runGovern } from './cli/run';

process.exitCode = await runGovern(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
