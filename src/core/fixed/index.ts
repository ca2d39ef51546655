export * from './types';
export * from './parse';
export * from './format';
export * from './convert';
export * from './arith';
export * from './decimal';
