/**
 * The kernel's user-space ABI as faultline needs it, mirroring include/uapi: errno numbers, the
 * flag and constant tables of mman, memfd, userfaultfd and prctl, the userfaultfd ioctl structs,
 * and reading and printing masks by name. Pure data and functions; it imports nothing else of
 * faultline, and both the scenario module and the engine build on it.
 */
export * from './flag-table';
export * from './flags';
export * from './errno';
export * from './mman';
export * from './userfaultfd';
export * from './prctl';
export * from './tables';
export * from './constants';
