using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.PostgresMigrations
{
    /// <summary>
    /// Sessions are keyed by the SHA-256 of the cookie's id instead of the id, and named by a short reference in audit
    /// events and pages. An existing row holds the id itself, which SQL cannot hash on every provider, so every
    /// active session is ended here (audited; the browser simply signs in again) and every stored id is overwritten:
    /// afterwards no row, audit event or backup holds one. Old sessions and audit events get the first 12 characters
    /// of their (now dead) id as their reference, so the audit trail still groups each session's events.
    /// </summary>
    public partial class HashSessionIdsAndAddReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Id",
                table: "Sessions",
                newName: "IdHash");

            migrationBuilder.RenameColumn(
                name: "SessionId",
                table: "ProxyGrantingTickets",
                newName: "SessionIdHash");

            migrationBuilder.RenameIndex(
                name: "IX_ProxyGrantingTickets_SessionId",
                table: "ProxyGrantingTickets",
                newName: "IX_ProxyGrantingTickets_SessionIdHash");

            migrationBuilder.AddColumn<string>(
                name: "Reference",
                table: "Sessions",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""UPDATE "Sessions" SET "Reference" = substr("IdHash", 1, 12);""");
            migrationBuilder.Sql("""
                INSERT INTO "AuditEvents" ("OccurredAt", "Type", "Username", "SessionId", "Detail")
                SELECT now(), 6, "Username", "Reference", 'Ended by the upgrade that stopped storing session ids'
                FROM "Sessions" WHERE "EndedAt" IS NULL;
                """);
            migrationBuilder.Sql("""UPDATE "Sessions" SET "EndedAt" = now(), "EndReason" = 3 WHERE "EndedAt" IS NULL;""");
            // Never the hash of anything (a hash is 43 characters), so no cookie can name these rows again.
            migrationBuilder.Sql("""UPDATE "Sessions" SET "IdHash" = 'ended-' || "Reference";""");
            migrationBuilder.Sql("""DELETE FROM "ProxyGrantingTickets" WHERE "SessionIdHash" IS NOT NULL;""");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_SessionId_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.RenameColumn(
                name: "SessionId",
                table: "AuditEvents",
                newName: "SessionReference");

            migrationBuilder.Sql("""UPDATE "AuditEvents" SET "SessionReference" = substr("SessionReference", 1, 12) WHERE "SessionReference" IS NOT NULL;""");

            migrationBuilder.AlterColumn<string>(
                name: "SessionReference",
                table: "AuditEvents",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(43)",
                oldMaxLength: 43,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_Reference",
                table: "Sessions",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_SessionReference_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "SessionReference", "OccurredAt" });
        }

        /// <summary>The schema only: the ids this migration overwrote cannot come back, so old cookies stay signed out.</summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_Reference",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_SessionReference_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.AlterColumn<string>(
                name: "SessionReference",
                table: "AuditEvents",
                type: "character varying(43)",
                maxLength: 43,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldNullable: true);

            migrationBuilder.RenameColumn(
                name: "SessionReference",
                table: "AuditEvents",
                newName: "SessionId");

            migrationBuilder.DropColumn(
                name: "Reference",
                table: "Sessions");

            migrationBuilder.RenameColumn(
                name: "IdHash",
                table: "Sessions",
                newName: "Id");

            migrationBuilder.RenameColumn(
                name: "SessionIdHash",
                table: "ProxyGrantingTickets",
                newName: "SessionId");

            migrationBuilder.RenameIndex(
                name: "IX_ProxyGrantingTickets_SessionIdHash",
                table: "ProxyGrantingTickets",
                newName: "IX_ProxyGrantingTickets_SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_SessionId_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "SessionId", "OccurredAt" });
        }
    }
}
