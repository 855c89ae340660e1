using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.PriceIngest.Storage.Migrations
{
    /// <inheritdoc />
    public partial class HistoryAndSiteChoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "price_history",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    PerKwhMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    SpotPerKwhMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    SpikeStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Descriptor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Renewables = table.Column<double>(type: "REAL", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_price_history", x => new { x.SiteId, x.Channel, x.Start, x.DurationMinutes });
                });

            migrationBuilder.CreateTable(
                name: "site_choices",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AmberSiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChosenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_site_choices", x => x.SiteId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_price_history_SiteId_Start",
                table: "price_history",
                columns: new[] { "SiteId", "Start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "price_history");

            migrationBuilder.DropTable(
                name: "site_choices");
        }
    }
}
