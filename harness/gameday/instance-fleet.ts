import type { ServiceProcess } from '../run/service-process.js';
import type { VariantServices } from '../run/variant-services.js';
import type { VariantName } from '../scenario/scenario-types.js';

/**
 * The instances behind the game's load balancer, and what levers do to them. After every change
 * `changed` moves the load's targets and the probes to the live set, as a load balancer's health
 * check would.
 */
export class InstanceFleet {
  #variant: VariantName;

  constructor(
    private readonly services: VariantServices,
    variant: VariantName,
    private readonly changed: (fresh?: ServiceProcess) => void,
  ) {
    this.#variant = variant;
  }

  get variant(): VariantName {
    return this.#variant;
  }

  get slots(): (ServiceProcess | null)[] {
    return this.services.slots;
  }

  live(): ServiceProcess[] {
    return this.services.live();
  }

  /** Starts a process for slot `index` of the current variant (chaos's restart uses it too). */
  start(index: number): Promise<ServiceProcess> {
    return this.services.startInstance(index, this.#variant);
  }

  /** SIGKILL, like a crash: the slot stays empty. */
  kill(instance: number): string {
    const index = this.slot(instance);
    const process = this.services.slots[index];
    if (!process) return `instance ${instance} was not running`;
    process.kill();
    this.services.slots[index] = null;
    this.changed();
    return `instance ${instance} (${process.instance}) killed`;
  }

  /** Out of rotation, SIGTERM (its pool closes), then a fresh process in the same slot. */
  async restart(instance: number): Promise<string> {
    const index = this.slot(instance);
    const old = this.services.slots[index];
    this.services.slots[index] = null;
    this.changed();
    await old?.stop(2000);
    const fresh = await this.start(index);
    this.services.slots[index] = fresh;
    this.changed(fresh);
    return `instance ${instance} restarted as ${fresh.instance} (pid ${fresh.pid})`;
  }

  /** Adds instances in new slots, or stops the highest-numbered ones. */
  async scale(to: number): Promise<string> {
    const slots = this.services.slots;
    while (slots.length < to) {
      const index = slots.length;
      slots.push(null);
      const fresh = await this.start(index);
      slots[index] = fresh;
      this.changed(fresh);
    }
    const removed = slots.splice(to);
    if (removed.length > 0) {
      this.changed();
      await Promise.all(removed.map((p) => p?.stop(2000)));
    }
    return `scaled to ${to} instance(s) of ${this.#variant}`;
  }

  /**
   * Starts the other variant's instances beside the running ones, moves the traffic to them, then
   * stops the old ones: a blue-green switch, no second without a target.
   */
  async switchTo(variant: VariantName): Promise<string> {
    if (variant === this.#variant) return `already on ${variant}`;
    const slots = this.services.slots;
    const count = Math.max(1, slots.length);
    this.#variant = variant;
    const fresh = await Promise.all(Array.from({ length: count }, (_, i) => this.start(i)));
    const old = slots.splice(0, slots.length, ...fresh);
    for (const p of fresh) this.changed(p);
    await Promise.all(old.map((p) => p?.stop(2000)));
    return `traffic moved to ${count} ${variant} instance(s)`;
  }

  /** A config change: the value is set for new processes, then each instance restarts in turn. */
  async setEnv(key: string, value: string): Promise<string> {
    this.services.setEnv(key, value);
    const instances = this.services.slots.map((_, i) => i + 1);
    for (const instance of instances) await this.restart(instance);
    return `${key}=${value} set, ${instances.length} instance(s) restarted`;
  }

  private slot(instance: number): number {
    if (instance < 1 || instance > this.services.slots.length)
      throw new Error(`no instance ${instance} (there are ${this.services.slots.length})`);
    return instance - 1;
  }
}
