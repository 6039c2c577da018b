package dev.afl.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A list of items that names each item once; a repeat is reported at its own index ({@code candidates[3].id}). */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctIdsValidator.class)
public @interface DistinctIds {

    String message() default "each item may appear once";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
