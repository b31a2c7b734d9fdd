using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SessionListIndexInProfileOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_Username_EndedAt",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_Username_EndedAt_LastSeenAt",
                table: "Sessions",
                columns: new[] { "Username", "EndedAt", "LastSeenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_Username_EndedAt_LastSeenAt",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_Username_EndedAt",
                table: "Sessions",
                columns: new[] { "Username", "EndedAt" });
        }
    }
}
