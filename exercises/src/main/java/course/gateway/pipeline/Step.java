package course.gateway.pipeline;

import io.javalin.http.Context;

/**
 * One stage of the request pipeline. A step may reject the request (throw one of Javalin's status exceptions,
 * such as {@code TooManyRequestsResponse}), answer it itself (return without calling {@code next}), or pass it
 * on with {@code next.proceed()} and look at the outcome afterwards, like a servlet filter.
 */
@FunctionalInterface
public interface Step {
    void handle(Context ctx, Chain next) throws Exception;

    /** The rest of the pipeline after the current step. */
    @FunctionalInterface
    interface Chain {
        void proceed() throws Exception;
    }
}
