using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OutboxScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ScopeKey",
                table: "OutboxMessages",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            // Undelivered events keep their scopes.
            migrationBuilder.Sql("UPDATE OutboxMessages SET ScopeKey = CONCAT('eventId=' + LOWER(CONVERT(nvarchar(36), EventId)), CASE WHEN EventId IS NOT NULL AND TicketId IS NOT NULL THEN ';' END, 'ticketId=' + LOWER(CONVERT(nvarchar(36), TicketId)))");

            migrationBuilder.DropColumn(
                name: "EventId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TicketId",
                table: "OutboxMessages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScopeKey",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<Guid>(
                name: "EventId",
                table: "OutboxMessages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TicketId",
                table: "OutboxMessages",
                type: "uniqueidentifier",
                nullable: true);
        }
    }
}
