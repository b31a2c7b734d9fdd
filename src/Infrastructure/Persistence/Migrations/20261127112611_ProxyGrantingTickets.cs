using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasPortal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProxyGrantingTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProxyGrantingTickets",
                columns: table => new
                {
                    Iou = table.Column<string>(type: "TEXT", maxLength: 263, nullable: false),
                    Ticket = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 43, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProxyGrantingTickets", x => x.Iou);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProxyGrantingTickets_ReceivedAt",
                table: "ProxyGrantingTickets",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ProxyGrantingTickets_SessionId",
                table: "ProxyGrantingTickets",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProxyGrantingTickets");
        }
    }
}
