import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { validateDeclaration, type Declaration } from '@app/contracts';

/** Validates an HTTP body against declaration contract v1, the same check Kafka messages get. */
@Injectable()
export class DeclarationValidationPipe implements PipeTransform<unknown, Declaration> {
  transform(value: unknown): Declaration {
    const result = validateDeclaration(value);
    if (!result.ok) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        code: result.rejection.code,
        message: result.rejection.message,
        fields: result.rejection.fields,
      });
    }
    return result.declaration;
  }
}
