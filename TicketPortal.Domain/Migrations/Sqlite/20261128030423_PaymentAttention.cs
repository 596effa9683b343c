using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentAttention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Attention",
                table: "TicketPayments",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextRefundAttemptAt",
                table: "TicketPayments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RefundAttempts",
                table: "TicketPayments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attention",
                table: "TicketPayments");

            migrationBuilder.DropColumn(
                name: "NextRefundAttemptAt",
                table: "TicketPayments");

            migrationBuilder.DropColumn(
                name: "RefundAttempts",
                table: "TicketPayments");
        }
    }
}
