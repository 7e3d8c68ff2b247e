// An ONNX graph under construction: nodes in topological order, initializers kept as typed arrays
// (so that passes such as folding batch norm can rewrite them) and unique names for values.
// Serialization to protocol buffers is model.ts's job.

/** An attribute's value: an integer, a list of integers, or a float ({ float: x }). */
export type OnnxAttributeValue = number | readonly number[] | { float: number };

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttributeValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers = new Map<string, OnnxInitializer>();
  private readonly used = new Set<string>();

  /** `base`, or `base_1`, `base_2`, ... : a name no value, node or initializer has yet. */
  uniqueName(base: string): string {
    let name = base === '' ? 'value' : base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a name the caller chose (the graph's input); throws when it is taken. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`OnnxGraph: the name '${name}' is already used`);
    this.used.add(name);
    return name;
  }

  /** Adds a float32 initializer and returns its name. */
  floats(base: string, dims: readonly number[], data: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`OnnxGraph: initializer '${base}' has ${data.length} values for dims [${dims.join(',')}]`);
    const name = this.uniqueName(base);
    this.initializers.set(name, { name, dims: dims.slice(), data });
    return name;
  }

  /** Adds a 1-d int64 initializer and returns its name. */
  int64s(base: string, values: readonly (number | bigint)[]): string {
    const name = this.uniqueName(base);
    this.initializers.set(name, { name, dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) });
    return name;
  }

  /** Appends a node with one output, named after `base`, and returns that output's name. */
  node(op: string, inputs: readonly string[], attributes: Record<string, OnnxAttributeValue> = {}, base: string = op): string {
    const name = this.uniqueName(base);
    this.nodes.push({ op, name, inputs: inputs.slice(), outputs: [name], attributes: { ...attributes } });
    return name;
  }

  /** How many node inputs read `value`. */
  consumers(value: string): OnnxNode[] {
    return this.nodes.filter((n) => n.inputs.includes(value));
  }

  /** The node whose output is `value`, if any. */
  producer(value: string): OnnxNode | undefined {
    return this.nodes.find((n) => n.outputs.includes(value));
  }

  /** The initializer called `name`, or throws naming it. */
  initializer(name: string): OnnxInitializer {
    const init = this.initializers.get(name);
    if (!init) throw new Error(`OnnxGraph: '${name}' is not an initializer`);
    return init;
  }

  /** Removes initializers no node reads. */
  pruneInitializers(): void {
    const read = new Set(this.nodes.flatMap((n) => n.inputs));
    for (const name of [...this.initializers.keys()]) if (!read.has(name)) this.initializers.delete(name);
  }
}
