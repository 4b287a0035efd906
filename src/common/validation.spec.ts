import type { ValidationError as NestValidationError } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsString, Max, Min, MinLength, validate, ValidateNested } from 'class-validator';
import { InvalidInput } from './errors';
import { fieldErrors, validationPipe } from './validation';

class CriterionInput {
  @IsString()
  @MinLength(1)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

class ChallengeInput {
  @IsString()
  title!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria!: CriterionInput[];
}

class Address {
  @IsString()
  city!: string;
}

class PersonInput {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

/** The global pipe's options, so the tree is exactly what the pipe would hand to fieldErrors. */
async function errorsFor<T extends object>(cls: new () => T, body: object): Promise<NestValidationError[]> {
  return validate(plainToInstance(cls, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
}

const node = (
  property: string,
  constraints?: Record<string, string>,
  children: NestValidationError[] = [],
): NestValidationError => ({ property, constraints, children });

describe('fieldErrors', () => {
  it('no errors, no field errors', () => {
    expect(fieldErrors([])).toEqual([]);
  });

  it('one message per failed constraint of a top-level property', () => {
    expect(fieldErrors([node('email', { isEmail: 'email must be an email address', maxLength: 'too long' })])).toEqual([
      { field: 'email', message: 'email must be an email address' },
      { field: 'email', message: 'too long' },
    ]);
  });

  it('flattens nested children to dotted paths', () => {
    const tree = [
      node('criteria', undefined, [
        node('0', undefined, [node('weight', { max: 'weight must not be greater than 100' })]),
        node('2', undefined, [node('name', { isString: 'name must be a string' })]),
      ]),
      node('title', { isString: 'title must be a string' }),
    ];
    expect(fieldErrors(tree)).toEqual([
      { field: 'criteria.0.weight', message: 'weight must not be greater than 100' },
      { field: 'criteria.2.name', message: 'name must be a string' },
      { field: 'title', message: 'title must be a string' },
    ]);
  });

  it('keeps a parent’s own constraints beside its children’s', () => {
    const tree = [
      node('criteria', { arrayMinSize: 'criteria must contain at least 1 elements' }, [
        node('0', undefined, [node('weight', { isInt: 'weight must be an integer number' })]),
      ]),
    ];
    expect(fieldErrors(tree)).toEqual([
      { field: 'criteria', message: 'criteria must contain at least 1 elements' },
      { field: 'criteria.0.weight', message: 'weight must be an integer number' },
    ]);
  });

  it('names an unknown field, top-level or nested, as not allowed', () => {
    const tree = [
      node('role', { whitelistValidation: 'property role should not exist' }),
      node('criteria', undefined, [node('1', undefined, [node('secret', { whitelistValidation: 'x' })])]),
    ];
    expect(fieldErrors(tree)).toEqual([
      { field: 'role', message: 'role is not an allowed field' },
      { field: 'criteria.1.secret', message: 'criteria.1.secret is not an allowed field' },
    ]);
  });

  it('prefixes every path with the given parent', () => {
    expect(fieldErrors([node('weight', { min: 'too small' })], 'criteria.3')).toEqual([
      { field: 'criteria.3.weight', message: 'too small' },
    ]);
  });

  it('a node without constraints or children contributes nothing', () => {
    expect(fieldErrors([{ property: 'x' }])).toEqual([]);
  });

  describe('on real class-validator output', () => {
    it('a valid body has no errors', async () => {
      const errors = await errorsFor(ChallengeInput, { title: 'T', criteria: [{ name: 'Effect', weight: 100 }] });
      expect(fieldErrors(errors)).toEqual([]);
    });

    it('nested array items: criteria.<index>.<property>', async () => {
      const errors = await errorsFor(ChallengeInput, {
        title: 'T',
        criteria: [
          { name: 'Effect', weight: 60 },
          { name: 'Cost', weight: 101 },
          { name: '', weight: 'x' },
        ],
      });
      const list = fieldErrors(errors);
      expect(list.map((e) => e.field).sort()).toEqual(
        ['criteria.1.weight', 'criteria.2.name', 'criteria.2.weight', 'criteria.2.weight', 'criteria.2.weight'].sort(),
      );
      expect(list).toContainEqual({ field: 'criteria.1.weight', message: 'weight must not be greater than 100' });
    });

    it('unknown fields at the top and inside array items', async () => {
      const errors = await errorsFor(ChallengeInput, {
        title: 'T',
        isAdmin: true,
        criteria: [{ name: 'Effect', weight: 100, hidden: 1 }],
      });
      expect(fieldErrors(errors)).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', message: 'isAdmin is not an allowed field' },
          { field: 'criteria.0.hidden', message: 'criteria.0.hidden is not an allowed field' },
        ]),
      );
      expect(fieldErrors(errors)).toHaveLength(2);
    });

    it('a nested object: address.city', async () => {
      const errors = await errorsFor(PersonInput, { name: 'Anna', address: { city: 42 } });
      expect(fieldErrors(errors)).toEqual([{ field: 'address.city', message: 'city must be a string' }]);
    });

    it('never carries the rejected value or the target object', async () => {
      const errors = await errorsFor(PersonInput, {
        name: ['secret-password-value'],
        address: { city: 'secret-city-value', zip: 'secret-zip-value' },
      });
      const list = fieldErrors(errors);
      expect(list.map((e) => e.field)).toEqual(['name', 'address.zip']);
      expect(JSON.stringify(list)).not.toMatch(/secret-/);
    });
  });
});

describe('validationPipe', () => {
  const pipe = validationPipe();
  const metadata = { type: 'body' as const, metatype: ChallengeInput, data: '' };

  async function rejection(body: unknown): Promise<InvalidInput> {
    try {
      await pipe.transform(body, metadata);
    } catch (error) {
      return error as InvalidInput;
    }
    throw new Error('the pipe accepted the body');
  }

  it('passes a valid body through as an instance of the DTO', async () => {
    const value = await pipe.transform({ title: 'T', criteria: [{ name: 'Effect', weight: 100 }] }, metadata);
    expect(value).toBeInstanceOf(ChallengeInput);
  });

  it('refuses unknown fields with an InvalidInput naming each field once in the detail', async () => {
    const error = await rejection({ title: 'T', criteria: [{ name: 'Effect', weight: 100 }], role: 'admin' });
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message).toBe('Invalid role.');
    expect(error.errors).toEqual([{ field: 'role', message: 'role is not an allowed field' }]);
  });

  it('lists every invalid field, nested ones by path, without duplicates in the detail', async () => {
    const error = await rejection({ title: 42, criteria: [{ name: 'Effect', weight: 'x' }] });
    expect(error.message).toBe('Invalid title, criteria.0.weight.');
    expect(error.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'criteria.0.weight']));
  });

  it('does not coerce types implicitly', async () => {
    const error = await rejection({ title: 'T', criteria: [{ name: 'Effect', weight: '100' }] });
    expect(error.errors!.map((e) => e.field)).toContain('criteria.0.weight');
  });
});
