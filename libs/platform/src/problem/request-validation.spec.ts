import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { ProblemException } from './problem-details';
import { createValidationPipe } from './request-validation';

class TokenDto {
  @IsString()
  @Length(8, 20)
  uid!: string;
}

class RegisterTokensDto {
  @IsString()
  contractId!: string;

  @IsInt()
  @Min(1)
  batch!: number;

  @ValidateNested({ each: true })
  @Type(() => TokenDto)
  tokens!: TokenDto[];
}

async function refusal(value: unknown): Promise<ProblemException> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: RegisterTokensDto });
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected the pipe to refuse the value');
}

describe('createValidationPipe', () => {
  it('transforms a valid body into the DTO class', async () => {
    const dto = await createValidationPipe().transform(
      { contractId: 'c-1', batch: 1, tokens: [{ uid: '04A1B2C3D4' }] },
      { type: 'body', metatype: RegisterTokensDto },
    );
    expect(dto).toBeInstanceOf(RegisterTokensDto);
    expect((dto as RegisterTokensDto).tokens[0]).toBeInstanceOf(TokenDto);
  });

  it('lists one entry per broken rule with dotted paths into nested arrays', async () => {
    const problem = await refusal({ contractId: 7, batch: 0, tokens: [{ uid: '04A1B2C3D4' }, { uid: 5 }] });
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('REQUEST_INVALID');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'contractId', rule: 'isString', message: expect.any(String) },
        { field: 'batch', rule: 'min', message: expect.any(String) },
        { field: 'tokens.1.uid', rule: 'isString', message: expect.any(String) },
        { field: 'tokens.1.uid', rule: 'isLength', message: expect.any(String) },
      ]),
    );
    expect(problem.errors).toHaveLength(4);
    expect(problem.message).toBe('The request has invalid fields: contractId, batch, tokens.1.uid');
  });

  it('refuses unknown fields, also inside nested objects', async () => {
    const problem = await refusal({ contractId: 'c-1', batch: 1, admin: true, tokens: [{ uid: '04A1B2C3D4', x: 1 }] });
    expect(problem.errors).toEqual([
      { field: 'admin', rule: 'whitelistValidation', message: 'property admin should not exist' },
      { field: 'tokens.0.x', rule: 'whitelistValidation', message: 'property x should not exist' },
    ]);
  });
});
