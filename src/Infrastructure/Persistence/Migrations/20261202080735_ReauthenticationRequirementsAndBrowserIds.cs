using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReauthenticationRequirementsAndBrowserIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BrowserIdHash",
                table: "Sessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReauthenticationRequirements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Scope = table.Column<int>(type: "INTEGER", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    BrowserIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BrowserDescription = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    SetAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReauthenticationRequirements", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReauthenticationRequirements_BrowserIdHash",
                table: "ReauthenticationRequirements",
                column: "BrowserIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_ReauthenticationRequirements_Username",
                table: "ReauthenticationRequirements",
                column: "Username");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReauthenticationRequirements");

            migrationBuilder.DropColumn(
                name: "BrowserIdHash",
                table: "Sessions");
        }
    }
}
