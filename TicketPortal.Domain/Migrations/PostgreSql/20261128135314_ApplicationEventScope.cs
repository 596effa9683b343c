using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApplicationEventScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ScannedByApplicationId",
                table: "CheckIns",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EventId",
                table: "ApiApplications",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiApplications_EventId",
                table: "ApiApplications",
                column: "EventId");

            migrationBuilder.AddForeignKey(
                name: "FK_ApiApplications_Events_EventId",
                table: "ApiApplications",
                column: "EventId",
                principalTable: "Events",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApiApplications_Events_EventId",
                table: "ApiApplications");

            migrationBuilder.DropIndex(
                name: "IX_ApiApplications_EventId",
                table: "ApiApplications");

            migrationBuilder.DropColumn(
                name: "ScannedByApplicationId",
                table: "CheckIns");

            migrationBuilder.DropColumn(
                name: "EventId",
                table: "ApiApplications");
        }
    }
}
