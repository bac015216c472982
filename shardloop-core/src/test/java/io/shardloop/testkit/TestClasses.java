package io.shardloop.testkit;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.reflect.AccessFlag;

/** Synthetic class files for the checker's own test, made with the ClassFile API. Stateless. */
public final class TestClasses {

    private TestClasses() {
    }

    /** A class {@code name} with one field of type {@code uses}. */
    public static byte[] classUsing(String name, String uses) {
        return ClassFile.of().build(ClassDesc.of(name), b -> b
                .withSuperclass(ConstantDescs.CD_Object)
                .withField("f", ClassDesc.of(uses), AccessFlag.PRIVATE.mask()));
    }
}
