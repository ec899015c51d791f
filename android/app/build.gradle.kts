// The egate app: Compose screens and platform adapters over the Rust core. The core's native
// libraries (cargo-ndk) and its Kotlin bindings (uniffi-bindgen) are built from the workspace
// one folder up, before every build; neither is committed.
import javax.inject.Inject
import org.gradle.process.ExecOperations
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

// Firebase Messaging needs the deployment's google-services.json; without it the app receives
// pushes through UnifiedPush only.
if (file("google-services.json").exists()) {
    apply(plugin = libs.plugins.google.services.get().pluginId)
}

val rustWorkspace: Directory = rootProject.layout.projectDirectory.dir("..")
val hostLibraryDir: Directory = rustWorkspace.dir("target/debug")
val gateway: String = providers.gradleProperty("egateGateway").get()
val demoKeys: Boolean = providers.gradleProperty("egateDemoKeys").map(String::toBoolean).getOrElse(false)

/** Runs `cargo` in the Rust workspace; cargo itself decides what is out of date. */
abstract class Cargo : DefaultTask() {
    @get:Inject
    abstract val exec: ExecOperations

    @get:Internal
    abstract val workspace: DirectoryProperty

    @get:Input
    abstract val arguments: ListProperty<String>

    @get:Input
    @get:Optional
    abstract val ndkHome: Property<String>

    init {
        outputs.upToDateWhen { false }
    }

    @TaskAction
    fun run() {
        exec.exec {
            workingDir = workspace.get().asFile
            commandLine(listOf("cargo") + arguments.get())
            ndkHome.orNull?.let { environment("ANDROID_NDK_HOME", it) }
        }
    }
}

/** Generates the Kotlin bindings (Android flavour) from the library built for this computer. */
abstract class UniffiBindings : DefaultTask() {
    @get:Inject
    abstract val exec: ExecOperations

    @get:Internal
    abstract val workspace: DirectoryProperty

    @get:InputFile
    abstract val library: RegularFileProperty

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun generate() {
        val out = outputDir.get().asFile
        out.deleteRecursively()
        out.mkdirs()
        exec.exec {
            workingDir = workspace.get().asFile
            commandLine(
                "cargo", "run", "-p", "uniffi-bindgen", "--",
                "generate", library.get().asFile.absolutePath,
                "--language", "kotlin",
                "--config", "bindings/uniffi-android.toml",
                "--out-dir", out.absolutePath,
                "--no-format",
            )
        }
    }
}

val cargoHostLibrary = tasks.register<Cargo>("cargoHostLibrary") {
    description = "Builds the core's library for this computer: the bindings come from it and the unit tests load it."
    workspace.set(rustWorkspace)
    arguments.set(listOf("build", "-p", "egate-ffi"))
}

val uniffiBindings = tasks.register<UniffiBindings>("uniffiBindings") {
    description = "Generates the Kotlin bindings of the core (package eu.egate.core)."
    dependsOn(cargoHostLibrary)
    workspace.set(rustWorkspace)
    library.set(hostLibraryDir.file(System.mapLibraryName("egate_ffi")))
    outputDir.set(layout.buildDirectory.dir("generated/uniffi"))
}

val cargoNdk = tasks.register<Cargo>("cargoNdk") {
    description = "Builds the core for the app's three ABIs (release-ffi profile, API level 28 for packed RELR relocations)."
    workspace.set(rustWorkspace)
    arguments.set(
        listOf(
            "ndk", "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64", "--platform", "28",
            "-o", file("src/main/jniLibs").absolutePath,
            "build", "--profile", "release-ffi", "-p", "egate-ffi",
        ),
    )
    ndkHome.set(androidComponents.sdkComponents.ndkDirectory.map { it.asFile.absolutePath })
}

tasks.named("preBuild") { dependsOn(cargoNdk) }

android {
    namespace = "eu.egate.app"
    compileSdk = 35
    ndkVersion = "27.2.12479018"

    defaultConfig {
        applicationId = "eu.egate.app"
        minSdk = 28
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        buildConfigField("String", "GATEWAY", "\"$gateway\"")
        buildConfigField("boolean", "DEMO_KEYS", "false")
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }

    buildTypes {
        debug {
            buildConfigField("boolean", "DEMO_KEYS", demoKeys.toString())
        }
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    testOptions {
        unitTests.isReturnDefaultValues = true
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

androidComponents {
    onVariants { variant ->
        variant.sources.kotlin?.addGeneratedSourceDirectory(uniffiBindings, UniffiBindings::outputDir)
    }
}

tasks.withType<Test>().configureEach {
    dependsOn(cargoHostLibrary)
    systemProperty("jna.library.path", hostLibraryDir.asFile.absolutePath)
}

dependencies {
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.fragment.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.material.icons.extended)
    implementation(libs.androidx.camera.camera2)
    implementation(libs.androidx.camera.lifecycle)
    implementation(libs.androidx.camera.view)
    implementation(libs.androidx.biometric)
    implementation(platform(libs.firebase.bom))
    implementation(libs.firebase.messaging)
    implementation(libs.play.services.base)
    implementation(libs.unifiedpush.connector)
    implementation(libs.mlkit.text.recognition)
    implementation(libs.okhttp)
    implementation(libs.jna) { artifact { type = "aar" } }
    implementation(libs.kotlinx.coroutines.android)

    testImplementation(libs.junit)
    testImplementation(libs.jna)
    testImplementation(libs.kotlinx.coroutines.core)
    testImplementation(libs.okhttp.mockwebserver)
}
