import { loadConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { createBootstrapAdminInvitation } from '../services/invitations';

/**
 * `npm run admin:invite`: prints a one-time invitation to the admin role, valid for 24 hours.
 * This is how the first admin comes to be: there is no default account or password.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await connectDatabase(config);
  try {
    const { code, invitation } = await createBootstrapAdminInvitation(new Date());
    process.stdout.write(
      `管理员邀请码 (admin invitation): ${code}\n` +
        `  valid until ${invitation.expiresAt.toISOString()}; sign in to the mini-program, open 我的 › 输入邀请码, and enter it.\n`,
    );
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`admin:invite: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
