import { Arg, Ctx, Extensions, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { listBound } from '../limits/list-bounds.js';
import type { RequestContext } from '../auth/context.js';
import { Department } from '../model/department.entity.js';
import { ServiceAccount } from '../model/service-account.entity.js';
import { assertMayManageServiceAccounts } from '../policies/service-account.policy.js';
import { ServiceAccountInput } from './service-account.inputs.js';
import * as accounts from './service-account.service.js';

/** createServiceAccount's answer: the key is shown this once. */
@ObjectType()
export class NewServiceAccount {
  @Field(() => ServiceAccount)
  account!: ServiceAccount;

  @Field({ description: 'The key, sent as `Authorization: Bearer <key>`: shown this once, stored hashed.' })
  key!: string;
}

/** Service accounts: other services' credentials, managed by admins. */
@Resolver(() => ServiceAccount)
export class ServiceAccountResolver {
  @Query(() => [ServiceAccount], { description: 'Every service account, revoked ones included, the 500 newest (admins).' })
  @Extensions(listBound(accounts.MOST_SERVICE_ACCOUNTS))
  serviceAccounts(@Ctx() { em, viewer }: RequestContext): Promise<ServiceAccount[]> {
    assertMayManageServiceAccounts(viewer);
    return accounts.listServiceAccounts(em);
  }

  @Mutation(() => NewServiceAccount, { description: 'Creates a service account and answers its key, once (admins).' })
  async createServiceAccount(@Arg('input') input: ServiceAccountInput, @Ctx() { em, viewer }: RequestContext): Promise<NewServiceAccount> {
    assertMayManageServiceAccounts(viewer);
    return accounts.createServiceAccount(em, viewer, input);
  }

  @Mutation(() => ServiceAccount, { description: 'Revokes a service account: at once, its open subscriptions included (admins).' })
  revokeServiceAccount(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, hooks }: RequestContext): Promise<ServiceAccount> {
    assertMayManageServiceAccounts(viewer);
    return accounts.revokeServiceAccount(em, hooks, id);
  }

  @FieldResolver(() => [Department])
  @Extensions(listBound('departments'))
  departments(@Root() account: ServiceAccount, @Ctx() { em }: RequestContext): Promise<Department[]> {
    return em.find(Department, { id: { $in: account.departmentIds } }, { orderBy: { label: 'asc' } });
  }
}
