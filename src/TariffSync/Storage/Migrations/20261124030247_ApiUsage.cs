using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.TariffSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ApiUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_usage",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DataReads = table.Column<long>(type: "INTEGER", nullable: false),
                    Commands = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_usage", x => new { x.SiteId, x.Day });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_usage");
        }
    }
}
