using Microsoft.AspNetCore.Diagnostics;

namespace TeslaSync.Gateway.Security;

/// <summary>
/// Turns a request the framework could not read (a body that is not the JSON an endpoint expects, a
/// malformed route value) into a 400 problem naming what was wrong; every other unhandled error stays a
/// bare 500 problem from the exception handler, with nothing of the request or the exception in it.
/// </summary>
internal sealed class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
        });
    }
}
