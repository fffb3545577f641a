/*
 * The policy SDK entry point: the only module plugins import. Types and tokens
 * (sdk.ts), the manifest and parameter schema (manifest.ts), helpers
 * (helpers.ts), and tsyringe's decorators so plugins need no other import.
 */
// tsyringe needs the Reflect metadata polyfill before any decorator runs.
import 'reflect-metadata';
export * from './sdk.ts';
export * from './manifest.ts';
export { PfnLru } from './helpers.ts';
export { inject, injectable } from 'tsyringe';
