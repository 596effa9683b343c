using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.SqlServer
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
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextRefundAttemptAt",
                table: "TicketPayments",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RefundAttempts",
                table: "TicketPayments",
                type: "int",
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
