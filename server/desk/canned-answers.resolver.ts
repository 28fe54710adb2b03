import { Arg, Ctx, Extensions, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { catalogueRows } from '../catalogue/category.rows.js';
import { listBound } from '../limits/list-bounds.js';
import { CannedScope } from '../model/canned.enums.js';
import { Department, type DepartmentRecord } from '../model/department.entity.js';
import { User, type UserRecord } from '../model/user.entity.js';
import { userRows } from '../user/user.rows.js';
import { CANNED_LIMITS, cannedAnswers, deleteCannedAnswer, saveCannedAnswer, type CannedAnswerRow } from './canned-answers.service.js';

/** A canned answer ("réponse type"): its body is sanitised HTML with `{owner}`, `{number}`, `{manager}`, `{category}` as typed. */
@ObjectType({ description: 'A canned answer ("réponse type"), inserted into a message box; variables are filled by the client.' })
export class CannedAnswer {
  @Field(() => ID) id!: number;
  @Field() title!: string;
  @Field({ description: 'Sanitised HTML; {owner} {number} {manager} {category} are left as typed, filled at insertion.' }) body!: string;
  @Field(() => CannedScope) scope!: CannedScope;
  departmentId!: number | null;
  ownerId!: number | null;
}

@InputType()
export class CannedAnswerInput {
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => CannedScope) scope!: CannedScope;
  @Field(() => ID, { nullable: true, description: 'The department of a DEPARTMENT answer (only then).' }) departmentId?: string | null;
}

/** Canned answers: those the viewer may use, and their management (rules in policies/canned.policy.ts). */
@Resolver(() => CannedAnswer)
export class CannedAnswerResolver {
  @Query(() => [CannedAnswer], { description: 'The canned answers the viewer may use, by title.' })
  @Extensions(listBound(CANNED_LIMITS.listed))
  cannedAnswers(
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('departmentId', () => ID, { nullable: true }) departmentId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CannedAnswerRow[]> {
    return cannedAnswers(ctx, search, departmentId);
  }

  @Mutation(() => CannedAnswer, { description: 'Creates (no id) or changes a canned answer; the body is sanitised.' })
  saveCannedAnswer(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('input', () => CannedAnswerInput) input: CannedAnswerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CannedAnswerRow> {
    return saveCannedAnswer(ctx, id, { title: input.title, body: input.body, scope: input.scope, departmentId: input.departmentId });
  }

  @Mutation(() => Boolean, { description: 'Deletes a canned answer the viewer manages.' })
  deleteCannedAnswer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return deleteCannedAnswer(ctx, id);
  }

  @FieldResolver(() => Department, { nullable: true })
  department(@Root() c: CannedAnswerRow, @Ctx() ctx: RequestContext): DepartmentRecord | Promise<DepartmentRecord> | null {
    return c.departmentId === null ? null : catalogueRows(ctx).departments.get(c.departmentId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who wrote it.' })
  owner(@Root() c: CannedAnswerRow, @Ctx() ctx: RequestContext): UserRecord | Promise<UserRecord> | null {
    return c.ownerId === null ? null : userRows(ctx).get(c.ownerId);
  }
}
