import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

/**
 * Values a browser keeps for the service but must not read or change (the session, a login in progress): JSON sealed
 * with AES-256-GCM as a JWE (`jose`, `dir` + `A256GCM`), with an expiry checked on the way back. Each purpose gets its
 * own key, derived from `SESSION_SECRET`, so a login's value can never pass for a session.
 */
export interface SealedValues {
  seal(payload: JWTPayload, ttlSeconds: number): Promise<string>;
  /** The payload; undefined when the value was forged, changed, expired or sealed for another purpose. */
  open(value: string | undefined): Promise<JWTPayload | undefined>;
}

/** @example const sessions = createSealedValues(secret, 'session'); const cookie = await sessions.seal({ email }, 43_200); */
export function createSealedValues(secret: string, purpose: string, clock: () => Date = () => new Date()): SealedValues {
  const key = createHash('sha256').update(`hhl-progress-api:${purpose}:`).update(secret).digest();
  const now = () => Math.floor(clock().getTime() / 1000);
  return {
    async seal(payload, ttlSeconds) {
      return new EncryptJWT(payload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: purpose })
        .setIssuedAt(now())
        .setExpirationTime(now() + ttlSeconds)
        .encrypt(key);
    },
    async open(value) {
      if (value === undefined) return undefined;
      try {
        const { payload, protectedHeader } = await jwtDecrypt(value, key, { currentDate: clock(), typ: purpose, requiredClaims: ['exp'] });
        return protectedHeader.typ === purpose ? payload : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
