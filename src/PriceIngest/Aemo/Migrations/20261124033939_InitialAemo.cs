using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.PriceIngest.Aemo.Migrations
{
    /// <inheritdoc />
    public partial class InitialAemo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "aemo_prices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    IntervalEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    NemDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RrpMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Firm = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aemo_prices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "aemo_publications",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    IntervalEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    RrpMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aemo_publications", x => new { x.SiteId, x.Region });
                });

            migrationBuilder.CreateIndex(
                name: "IX_aemo_prices_IntervalEnd",
                table: "aemo_prices",
                column: "IntervalEnd");

            migrationBuilder.CreateIndex(
                name: "IX_aemo_prices_Region_IntervalEnd",
                table: "aemo_prices",
                columns: new[] { "Region", "IntervalEnd" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_aemo_prices_Region_NemDate_RrpMicros",
                table: "aemo_prices",
                columns: new[] { "Region", "NemDate", "RrpMicros" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "aemo_prices");

            migrationBuilder.DropTable(
                name: "aemo_publications");
        }
    }
}
