import { Body, ConflictException, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DeclarationDto, type Declaration, type RiskDecision } from '@app/contracts';
import { Roles } from '../../../governance/auth/roles.decorator';
import { HttpAssessmentBatcher } from './http-assessment.batcher';
import { DeclarationValidationPipe } from './declaration-validation.pipe';
import { RiskDecisionResponseDto } from './risk-decision.response.dto';

@ApiTags('risk assessments')
@Controller('v1/risk-assessments')
export class RiskAssessmentsController {
  constructor(private readonly batcher: HttpAssessmentBatcher) {}

  @Post()
  @Roles('CLEARANCE_SYSTEM')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Assess a declaration synchronously. Roles: CLEARANCE_SYSTEM',
    description:
      'Scores the declaration with the active ruleset, stores the decision and publishes it on customs.risk-decisions.v1, ' +
      'exactly as for a declaration consumed from Kafka. The same declaration version sent again returns its first decision; ' +
      'the same version with other content is refused (409): an amendment needs a higher version.',
  })
  @ApiBody({ type: DeclarationDto })
  @ApiOkResponse({ type: RiskDecisionResponseDto })
  @ApiBadRequestResponse({ description: 'The declaration fails contract v1; `fields` lists every failing field.' })
  @ApiPayloadTooLargeResponse({ description: 'The body is larger than 256 KiB.' })
  @ApiConflictResponse({
    description: 'VERSION_CONFLICT: this declaration version was decided before with other content; `decisionId` names that decision.',
  })
  async assess(@Body(DeclarationValidationPipe) declaration: Declaration): Promise<RiskDecision> {
    const { decision, versionConflict } = await this.batcher.assess(declaration);
    if (versionConflict) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        code: versionConflict.code,
        message: versionConflict.message,
        fields: versionConflict.fields,
        decisionId: decision.decisionId,
      });
    }
    return decision;
  }
}
