using FlexAspire.Planner.Planning;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlanning();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapPlansApi();
app.Run();
