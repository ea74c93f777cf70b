import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { DeclarationDto, type Declaration } from '@app/contracts';
import { GovernanceError, diffRulesets, type Principal, type RulesetDiff } from '@app/governance';
import { loadRulesetFromDirectory } from '@app/selectivity';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { DeclarationValidationPipe } from '../../selectivity/commands/assess-declarations/declaration-validation.pipe';
import { CandidateEngines } from './candidate-engines';
import { RulesetSimulation, type SimulationReport } from './ruleset-simulation';
import { RulesetTrial, type RulesetTrialReport } from './ruleset-trial';
import { RulesetVersions, type RulesetVersionView } from './ruleset-versions';

const READERS = ['RISK_ANALYST', 'RISK_SUPERVISOR', 'AUDITOR'] as const;

export class CreateRulesetVersionRequestDto {
  @ApiPropertyOptional({ description: 'The ruleset: {settings, rules, profiles} as in the rules folder (settings.version is the label)' })
  @IsOptional()
  @IsObject()
  content?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['folder'], description: "Take the content from the engine's rules folder (RULES_DIR) instead" })
  @IsOptional()
  @IsIn(['folder'])
  source?: 'folder';
}

export class ActivateRulesetVersionRequestDto {
  @ApiPropertyOptional({ description: 'Activate at this time (ISO-8601) instead of now' }) @IsOptional() @IsDateString() at?: string;
}

export class RollbackRulesetRequestDto {
  @ApiProperty({ description: 'An earlier version that was active before' }) @IsInt() @Min(1) toVersion!: number;
}

export class SimulateRulesetVersionRequestDto {
  @ApiProperty({ example: '2026-11-01T00:00:00Z' }) @IsDateString() from!: string;
  @ApiProperty({ example: '2026-11-24T00:00:00Z' }) @IsDateString() to!: string;
}

const body = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('v1/rulesets/:rulesetId')
export class RulesetsController {
  constructor(
    private readonly versions: RulesetVersions,
    private readonly simulation: RulesetSimulation,
    private readonly trials: RulesetTrial,
    private readonly candidates: CandidateEngines,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get('versions')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Versions of a ruleset with their lifecycle. Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR' })
  list(@Param('rulesetId') rulesetId: string): Promise<RulesetVersionView[]> {
    return this.versions.list(rulesetId);
  }

  @Post('versions')
  @Roles('RISK_ANALYST')
  @ApiOperation({ summary: 'Create a DRAFT version (validated; immutable once created). Roles: RISK_ANALYST' })
  create(
    @Param('rulesetId') rulesetId: string,
    @Body(body) request: CreateRulesetVersionRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    if (request.source === 'folder') {
      return this.versions.create(rulesetId, loadRulesetFromDirectory(resolve(this.config.rules.directory)), principal.subject);
    }
    if (!request.content) throw new GovernanceError('RULESET.NO_CONTENT', 'Give the ruleset as content, or source "folder"', 400);
    return this.versions.create(rulesetId, request.content, principal.subject);
  }

  @Get('versions/:version')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One version with its content (also the export format of the rules folder). Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR',
  })
  async get(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<RulesetVersionView & { content: unknown }> {
    const { view, content } = await this.versions.get(rulesetId, version);
    return { ...view, content };
  }

  @Get('versions/:version/diff')
  @Roles(...READERS)
  @ApiOperation({ summary: 'What changed from version `against` to this one. Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR' })
  async diff(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @Query('against', ParseIntPipe) against: number,
  ): Promise<RulesetDiff> {
    const [from, to] = await Promise.all([this.versions.get(rulesetId, against), this.versions.get(rulesetId, version)]);
    return diffRulesets(from.content, to.content);
  }

  @Post('versions/:version/submit')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_ANALYST')
  @ApiOperation({ summary: 'Submit a DRAFT for approval. Roles: RISK_ANALYST' })
  submit(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    return this.versions.submit(rulesetId, version, principal.subject);
  }

  @Post('versions/:version/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_SUPERVISOR')
  @ApiOperation({ summary: 'Approve a SUBMITTED version; never by its author (four-eyes). Roles: RISK_SUPERVISOR' })
  approve(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    return this.versions.approve(rulesetId, version, principal.subject);
  }

  @Post('versions/:version/activate')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_SUPERVISOR')
  @ApiOperation({
    summary: 'Activate an APPROVED version now, or schedule it (`at`); every engine switches within seconds. Roles: RISK_SUPERVISOR',
  })
  activate(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body(body) request: ActivateRulesetVersionRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    return this.versions.activate(rulesetId, version, principal.subject, request.at ? new Date(request.at) : undefined);
  }

  @Post('versions/:version/retire')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_SUPERVISOR')
  @ApiOperation({ summary: 'Retire an ACTIVE or APPROVED version. Roles: RISK_SUPERVISOR' })
  retire(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    return this.versions.retire(rulesetId, version, principal.subject);
  }

  @Post('rollback')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_SUPERVISOR')
  @ApiOperation({ summary: 'Make an earlier, previously active version active again. Roles: RISK_SUPERVISOR' })
  rollback(
    @Param('rulesetId') rulesetId: string,
    @Body(body) request: RollbackRulesetRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RulesetVersionView> {
    return this.versions.rollback(rulesetId, request.toVersion, principal.subject);
  }

  @Post('versions/:version/simulations')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_ANALYST', 'RISK_SUPERVISOR')
  @ApiOperation({
    summary:
      'Run a version over stored declarations of a period next to the active one: lanes, workload, hits, hit rate, lane changes. Roles: RISK_ANALYST, RISK_SUPERVISOR',
  })
  async simulate(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body(body) request: SimulateRulesetVersionRequestDto,
  ): Promise<SimulationReport> {
    return this.simulation.run(await this.candidates.forVersion(rulesetId, version), new Date(request.from), new Date(request.to));
  }

  @Post('versions/:version/trials')
  @HttpCode(HttpStatus.OK)
  @Roles('RISK_ANALYST', 'RISK_SUPERVISOR')
  @ApiOperation({
    summary:
      'Assess one declaration with this version and with the active one, storing and publishing nothing: both decisions and the reason codes that differ. Roles: RISK_ANALYST, RISK_SUPERVISOR',
  })
  @ApiBody({ type: DeclarationDto })
  async trial(
    @Param('rulesetId') rulesetId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body(DeclarationValidationPipe) declaration: Declaration,
  ): Promise<RulesetTrialReport> {
    return this.trials.run(await this.candidates.forVersion(rulesetId, version), declaration);
  }
}
