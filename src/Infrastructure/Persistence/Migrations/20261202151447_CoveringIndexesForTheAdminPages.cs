using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CoveringIndexesForTheAdminPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Type_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Username_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_Live",
                table: "Sessions",
                columns: new[] { "LastSeenAt", "Reference", "IdleExpiresAt", "AbsoluteExpiresAt", "Username", "CreatedAt", "ClientIp", "UserAgent" },
                descending: new[] { true, false, false, false, false, false, false, false },
                filter: "\"EndedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt_Id_Type",
                table: "AuditEvents",
                columns: new[] { "OccurredAt", "Id", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Type_OccurredAt_Id_Code",
                table: "AuditEvents",
                columns: new[] { "Type", "OccurredAt", "Id", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Username_OccurredAt_Id_Type",
                table: "AuditEvents",
                columns: new[] { "Username", "OccurredAt", "Id", "Type" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_Live",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_OccurredAt_Id_Type",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Type_OccurredAt_Id_Code",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Username_OccurredAt_Id_Type",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Type_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "Type", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Username_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "Username", "OccurredAt" });
        }
    }
}
