import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { VersionedProjection } from './versioned-projection';

/**
 * The versioned projections of this app: every provider that is (or extends) VersionedProjection, whichever module
 * declares it. Contexts adopt the registry by making their projection one; nothing else to register.
 */
@Injectable()
export class VersionedProjections {
  private found?: VersionedProjection[];

  constructor(private readonly discovery: DiscoveryService) {}

  all(): VersionedProjection[] {
    this.found ??= [
      ...new Set(
        this.discovery
          .getProviders()
          .map((wrapper) => wrapper.instance as unknown)
          .filter((instance): instance is VersionedProjection => instance instanceof VersionedProjection),
      ),
    ];
    return this.found;
  }

  /** By projection name (`authz.authorizations`) or any of its processor ids (`authz.authorizations:v2`). */
  find(idOrName: string): VersionedProjection | undefined {
    const name = /^(.*):v\d+$/.exec(idOrName)?.[1] ?? idOrName;
    return this.all().find((projection) => projection.name === name);
  }
}
