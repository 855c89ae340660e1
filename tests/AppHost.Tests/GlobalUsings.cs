global using TeslaSync.TestSupport;
global using TeslaSync.ServiceDefaults;
global using TeslaSync.ServiceTesting;
