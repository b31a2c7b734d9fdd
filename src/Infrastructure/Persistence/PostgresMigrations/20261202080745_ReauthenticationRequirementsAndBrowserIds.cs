using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.PostgresMigrations
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "ReauthenticationRequirements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    Username = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    BrowserIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    BrowserDescription = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true, collation: "C"),
                    SetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SetBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C")
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
